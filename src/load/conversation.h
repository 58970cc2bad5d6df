// Multi-turn sessions (--turns): one conversation's chat history, grown turn by turn. Each turn
// sends every earlier user message and the server's actual answers, then the new user message,
// so the server sees the growing context a chat user gives it.
#pragma once

#include <string>
#include <string_view>

namespace genai::load {

class Conversation {
 public:
  // The messages JSON array for the next turn: the history, then `user_message`.
  std::string messages_with(std::string_view user_message) const;
  // Every message's text so far and `user_message`, joined by newlines (what is counted as input).
  std::string text_with(std::string_view user_message) const;
  // Keeps the turn: the user's message and the answer the server gave.
  void add_turn(std::string_view user_message, std::string_view answer);
  void clear();

 private:
  std::string messages_;  // JSON objects, comma-separated, without the brackets
  std::string text_;      // every message's content, newline-separated
};

}  // namespace genai::load
