#include "load/conversation.h"

#include "common/json_escape.h"

namespace genai::load {
namespace {

void append_message(std::string& out, std::string_view role, std::string_view content) {
  if (!out.empty()) out.push_back(',');
  out += "{\"role\":\"";
  out += role;
  out += "\",\"content\":";
  append_json_string(out, content);
  out.push_back('}');
}

}  // namespace

std::string Conversation::messages_with(std::string_view user_message) const {
  std::string messages = messages_;
  append_message(messages, "user", user_message);
  return "[" + messages + "]";
}

std::string Conversation::text_with(std::string_view user_message) const {
  return text_.empty() ? std::string(user_message) : text_ + "\n" + std::string(user_message);
}

void Conversation::add_turn(std::string_view user_message, std::string_view answer) {
  append_message(messages_, "user", user_message);
  append_message(messages_, "assistant", answer);
  text_ = text_with(user_message) + "\n" + std::string(answer);
}

void Conversation::clear() {
  messages_.clear();
  text_.clear();
}

}  // namespace genai::load
