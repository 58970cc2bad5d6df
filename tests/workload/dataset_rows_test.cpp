// Rows of JSON, JSON Lines and CSV files into prompts (a column, or a prompt_lambda), images and
// output lengths; Python genai-bench's prompt_lambda without Python.
#include "workload/dataset_rows.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "common/base64.h"
#include "support/temporary_file.h"
#include "workload/dataset_images.h"
#include "workload/synthetic_image.h"

namespace genai::workload {
namespace {

namespace json = boost::json;
using genai::testing::write_temporary_file;

Result<Dataset> entries_of(const std::string& name, const std::string& text, const std::string& format, RowColumns columns) {
  const std::string path = write_temporary_file(name, text);
  auto rows = read_rows(path, format, columns);
  if (!rows) return make_error(rows.error());
  Dataset dataset;
  size_t skipped = 0;
  std::string lambda_failure;
  if (auto status = add_row_entries(*rows, columns, name, "/tmp", dataset, skipped, lambda_failure); !status) {
    return make_error(status.error());
  }
  return dataset;
}

std::vector<std::string> prompts(const Dataset& dataset) {
  std::vector<std::string> texts;
  for (const DatasetEntry& entry : dataset.entries) texts.push_back(entry.prompt);
  return texts;
}

TEST(DatasetRows, JsonLinesOfAnyObjectWithThePromptColumn) {
  RowColumns columns;
  columns.prompt_column = "question";
  columns.prompt_column_given = true;
  auto dataset = entries_of("rows.jsonl",
                            "{\"id\": 1, \"question\": \"Why is the sky blue?\", \"output_tokens\": 12}\n\n"
                            "{\"id\": 2, \"question\": 42}\n{\"id\": 3, \"question\": \"\"}\n",
                            "json", columns);
  ASSERT_TRUE(dataset) << dataset.error();
  EXPECT_EQ(prompts(*dataset), (std::vector<std::string>{"Why is the sky blue?", "42"}));  // the empty one is left out
  EXPECT_EQ(dataset->entries[0].output_tokens, 12);
  EXPECT_FALSE(dataset->entries[1].output_tokens);

  columns.prompt_column = "query";
  auto missing = entries_of("rows.jsonl", "{\"id\": 1, \"question\": \"q\"}\n", "json", columns);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), "rows.jsonl: row 1 has no column 'query' (columns: id, question); choose one with --dataset-prompt-column");
}

TEST(DatasetRows, JsonArraysOfObjectsOrStringsAndTheFieldKey) {
  RowColumns columns;
  columns.prompt_column = "text";
  auto objects = entries_of("array.json", R"([{"text": "a"}, {"text": "b", "output_tokens": "7"}])", "json", columns);
  ASSERT_TRUE(objects) << objects.error();
  EXPECT_EQ(prompts(*objects), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(objects->entries[1].output_tokens, 7);
  auto strings = entries_of("strings.json", R"(["first prompt", "second prompt"])", "json", columns);
  ASSERT_TRUE(strings) << strings.error();
  EXPECT_EQ(prompts(*strings), (std::vector<std::string>{"first prompt", "second prompt"}));
  columns.json_field = "data";
  auto field = entries_of("field.json", R"({"version": 2, "data": [{"text": "in data"}]})", "json", columns);
  ASSERT_TRUE(field) << field.error();
  EXPECT_EQ(prompts(*field), (std::vector<std::string>{"in data"}));
  columns.json_field.clear();
  auto object = entries_of("object.json", "{\"version\": 2,\n \"data\": [{\"text\": \"in data\"}]}", "json", columns);
  ASSERT_FALSE(object);
  EXPECT_NE(object.error().find("name the key holding them with huggingface_kwargs.field"), std::string::npos) << object.error();
}

TEST(DatasetRows, MessagesCsvAndText) {
  RowColumns columns;  // the default "prompt", not given: chat messages stand in
  auto chat = entries_of("chat.jsonl", R"({"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]})" "\n",
                         "json", columns);
  ASSERT_TRUE(chat) << chat.error();
  EXPECT_EQ(chat->entries[0].prompt, "hi\nyo");
  EXPECT_EQ(chat->entries[0].messages_json, R"([{"role":"user","content":"hi"},{"role":"assistant","content":"yo"}])");
  columns.prompt_column = "q";
  columns.prompt_column_given = true;
  auto csv = entries_of("rows.csv", "id,q\n1,\"Hello, world\"\n2,second\n", "csv", columns);
  ASSERT_TRUE(csv) << csv.error();
  EXPECT_EQ(prompts(*csv), (std::vector<std::string>{"Hello, world", "second"}));
  columns.prompt_column = "text";
  auto text = entries_of("lines.txt", "  one line  \n\n two\n", "text", columns);
  ASSERT_TRUE(text) << text.error();
  EXPECT_EQ(prompts(*text), (std::vector<std::string>{"one line", "two"}));
}

TEST(DatasetRows, ImageColumnsAsDataUrlsOrUrls) {
  const std::string png = synthetic_png(4, 3, 1);
  const std::string image_path = write_temporary_file("row-image.png", png);
  RowColumns columns;
  columns.prompt_column = "question";
  columns.prompt_column_given = true;
  columns.image_column = "image";
  auto dataset = entries_of("images.jsonl",
                            "{\"question\": \"what?\", \"image\": \"" + image_path + "\"}\n"
                            "{\"question\": \"where?\", \"image\": \"https://example.org/a.jpg\"}\n"
                            "{\"question\": \"none\", \"image\": null}\n",
                            "json", columns);
  ASSERT_TRUE(dataset) << dataset.error();
  ASSERT_EQ(dataset->entries.size(), 2u);  // the row without an image is left out, as Python does
  EXPECT_EQ(dataset->entries[0].image_urls, (std::vector<std::string>{"data:image/png;base64," + base64_encode(png)}));
  EXPECT_EQ(dataset->entries[1].image_urls, (std::vector<std::string>{"https://example.org/a.jpg"}));
  // Hugging Face's Image struct, as Parquet rows hold it.
  auto url = image_url_of(json::value{{"bytes", std::string("\xff\xd8\xff\xe0rest", 8)}, {"path", "x.jpg"}}, "");
  ASSERT_TRUE(url) << url.error();
  EXPECT_TRUE(url->starts_with("data:image/jpeg;base64,")) << *url;
  EXPECT_FALSE(image_url_of(json::value{{"bytes", "not an image"}}, ""));
  EXPECT_EQ(image_media_type(std::string("RIFF\0\0\0\0WEBPVP8 ", 16)), "image/webp");
  EXPECT_EQ(image_media_type("GIF89a..."), "image/gif");
}

TEST(DatasetPromptLambda, PythonsDocumentedForms) {
  const json::value row = json::parse(R"({"question": "Q?", "n": 3,
      "conversations": [{"from": "human", "value": "first"}, {"from": "gpt", "value": "second"}]})");
  struct Case {
    const char* lambda;
    const char* expected;
  };
  const Case cases[] = {
      {"lambda x: x['conversations'][0]['value']", "first"},
      {"lambda x: x['conversations'][0]['value'] if len(x['conversations']) > 1 else ''", "first"},
      {"lambda x: x['conversations'][0]['value'] if len(x['conversations']) > 2 else ''", ""},
      {R"(lambda item: f"Question: {item["question"]}")", "Question: Q?"},
      {R"(lambda item: f'{item["n"]} {{braces}} {item["conversations"][-1]["value"].strip()}')", "3 {braces} second"},
      {"lambda r: r['question'] + ' Answer briefly.'", "Q? Answer briefly."},
      {"lambda r: r.get('missing', 'fallback')", "fallback"},
      {"lambda r: str(r['n'])", "3"},
      {"lambda r: r['question'][:1]", "Q"},
      {"lambda r: 'yes' if 'gpt' in r['conversations'][1]['from'] and not r.get('x') else 'no'", "yes"},
      {"question", "Q?"},        // not a lambda: the column of that name
      {"Describe it.", "Describe it."},  // else the text itself
  };
  for (const Case& c : cases) {
    auto parsed = PromptLambda::parse(c.lambda);
    ASSERT_TRUE(parsed) << c.lambda << ": " << parsed.error();
    auto prompt = parsed->apply(row);
    ASSERT_TRUE(prompt) << c.lambda << ": " << prompt.error();
    EXPECT_EQ(*prompt, c.expected) << c.lambda;
  }
  auto keys = PromptLambda::parse("lambda x: x['conversations'][0]['value'] + x.get('question')");
  ASSERT_TRUE(keys);
  EXPECT_EQ(keys->keys(), (std::vector<std::string>{"conversations", "question"}));
  auto failing = PromptLambda::parse("lambda x: x['nope']");
  ASSERT_TRUE(failing);
  EXPECT_FALSE(failing->apply(row));
  // The last three were read past the end of the tokens before fuzzing found them.
  for (const char* unsupported : {"lambda x: __import__('os')", "lambda x: x['a'].upper()", "lambda: 1", "lambda x: x[",
                                  "lambda x: [i for i in x]", "lambda x: x.", "lambda x: x['a'] not",
                                  "lambda x: f'{x[\"q\"].)strip()}'"}) {
    auto parsed = PromptLambda::parse(unsupported);
    ASSERT_FALSE(parsed) << unsupported;
    EXPECT_TRUE(parsed.error().starts_with("prompt_lambda: ")) << parsed.error();
  }
}

}  // namespace
}  // namespace genai::workload
