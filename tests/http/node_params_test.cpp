// node-api parameter sources (api-contracts.md §6.2): JSON, urlencoded and
// multipart bodies and the query string, per field the first that has it.
#include <gtest/gtest.h>

#include <string>

#include "http/dialects/node/params.hpp"

namespace {

using namespace mjgate::http;
using node::name_values;
using node::params;

params read(std::string_view content_type, std::string_view body, std::string_view query = {}) {
  auto r = node::read_params({content_type, body, query});
  if (auto* rejected = std::get_if<reply>(&r)) {
    ADD_FAILURE() << "rejected: " << rejected->body;
    return {};
  }
  return std::get<params>(std::move(r));
}

reply rejected(std::string_view content_type, std::string_view body) {
  auto r = node::read_params({content_type, body, {}});
  EXPECT_TRUE(std::holds_alternative<reply>(r));
  return std::holds_alternative<reply>(r) ? std::get<reply>(r) : reply{};
}

std::string value(const params& p, std::string_view key) {
  auto v = p.get(key);
  return v ? std::string{*v} : std::string{"<absent>"};
}

const std::string boundary = "----mjgateBoundary7MA4YWxk";

std::string multipart(const name_values& fields, bool with_file = false) {
  std::string body;
  for (const auto& [k, v] : fields)
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v +
            "\r\n";
  if (with_file)
    body += "--" + boundary +
            "\r\nContent-Disposition: form-data; name=\"prompt\"; filename=\"a.png\"\r\n"
            "Content-Type: image/png\r\n\r\n\x89PNG\r\n";
  return body + "--" + boundary + "--\r\n";
}

TEST(node_params, decode_form_is_tolerant) {
  EXPECT_EQ(node::decode_form("a=1&b=x+y&c=%E4%B8%80%E5%8F%AA&d&=e&&f="),
            (name_values{{"a", "1"}, {"b", "x y"}, {"c", "一只"}, {"d", ""}, {"f", ""}}));
  // Unencoded URLs, raw UTF-8 and stray '%' are kept as sent (the seed's own example).
  EXPECT_EQ(node::decode_form("notifyHook=http://www.baidu.com&prompt=一只狗&p=100%&q=%zz%4"),
            (name_values{{"notifyHook", "http://www.baidu.com"},
                         {"prompt", "一只狗"},
                         {"p", "100%"},
                         {"q", "%zz%4"}}));
  EXPECT_EQ(node::decode_form("a=%2B%26%3D"), (name_values{{"a", "+&="}}));
  EXPECT_TRUE(node::decode_form("").empty());
}

TEST(node_params, json_body_values_become_text) {
  auto p = read(
      "application/json",
      R"({"action":"IMAGINE","index":2,"flag":true,"ratio":1.5,"gone":null,"obj":{"a":1},"arr":[1]})");
  EXPECT_EQ(value(p, "action"), "IMAGINE");
  EXPECT_EQ(value(p, "index"), "2");
  EXPECT_EQ(value(p, "flag"), "true");
  EXPECT_EQ(value(p, "ratio"), "1.5");
  EXPECT_EQ(value(p, "gone"), "<absent>");
  EXPECT_TRUE(p.malformed("obj"));
  EXPECT_TRUE(p.malformed("arr"));
  EXPECT_FALSE(p.malformed("action"));
}

TEST(node_params, json_without_content_type_and_errors) {
  EXPECT_EQ(value(read("", R"(  {"prompt":"cat"})"), "prompt"), "cat");
  EXPECT_EQ(value(read("text/plain", R"({"prompt":"cat"})"), "prompt"), "cat");
  EXPECT_EQ(value(read("application/vnd.api+json", R"({"prompt":"cat"})"), "prompt"), "cat");
  auto bad = rejected("application/json", R"({"prompt":)");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body, R"({"code":0,"description":"请求体不是合法的JSON"})");
  auto arr = rejected("application/json", R"(["prompt"])");
  EXPECT_EQ(arr.status, 400);
  EXPECT_EQ(arr.body, R"({"code":0,"description":"请求体必须是JSON对象"})");
}

TEST(node_params, urlencoded_body_with_or_without_content_type) {
  auto p = read("application/x-www-form-urlencoded; charset=UTF-8", "action=UPSCALE&index=3");
  EXPECT_EQ(value(p, "action"), "UPSCALE");
  EXPECT_EQ(value(p, "index"), "3");
  EXPECT_EQ(value(read("", "prompt=a+dog"), "prompt"), "a dog");
  EXPECT_EQ(value(read("text/plain", "prompt=a+dog"), "prompt"), "<absent>")
      << "other types ignored";
}

TEST(node_params, multipart_text_fields_and_files_skipped) {
  const auto type = "multipart/form-data; boundary=" + boundary;
  auto p = read(type, multipart({{"action", "IMAGINE"}, {"prompt", "一只狗\r\nline two"}}, true));
  EXPECT_EQ(value(p, "action"), "IMAGINE");
  EXPECT_EQ(value(p, "prompt"), "一只狗\r\nline two") << "the file part named prompt is skipped";
  auto quoted =
      read("multipart/form-data; boundary=\"" + boundary + "\"", multipart({{"index", "4"}}));
  EXPECT_EQ(value(quoted, "index"), "4");
  auto broken =
      rejected(type, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx");
  EXPECT_EQ(broken.body, R"({"code":0,"description":"multipart请求体错误"})");
  EXPECT_EQ(rejected("multipart/form-data", multipart({{"a", "1"}})).status, 400) << "no boundary";
}

TEST(node_params, first_source_wins_per_field) {
  // JSON wins over the query for the fields it has; the query fills the rest.
  auto p = read("application/json", R"({"action":"IMAGINE","prompt":"from body"})",
                "prompt=from+query&state=from+query&action=UPSCALE");
  EXPECT_EQ(value(p, "action"), "IMAGINE");
  EXPECT_EQ(value(p, "prompt"), "from body");
  EXPECT_EQ(value(p, "state"), "from query");
  // A malformed JSON field is present: the query does not replace it.
  auto m = read("application/json", R"({"prompt":["x"]})", "prompt=y");
  EXPECT_TRUE(m.malformed("prompt"));
  EXPECT_EQ(value(m, "prompt"), "<absent>");
  // Within one source the first occurrence wins.
  EXPECT_EQ(value(read("", "", "a=1&a=2"), "a"), "1");
  auto form = read("application/x-www-form-urlencoded", "index=2", "index=3&taskId=9");
  EXPECT_EQ(value(form, "index"), "2");
  EXPECT_EQ(value(form, "taskId"), "9");
  auto mp =
      read("multipart/form-data; boundary=" + boundary, multipart({{"index", "1"}}), "index=4");
  EXPECT_EQ(value(mp, "index"), "1");
}

}  // namespace
