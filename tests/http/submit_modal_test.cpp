// /submit/modal bodies: prompt and the Vary Region mask (PNG base64 only).
#include <gtest/gtest.h>

#include "http/dialects/mj/data_url.hpp"
#include "http/dialects/mj/submit_modal.hpp"

namespace {

namespace mj = mjgate::http::mj;
using mj::modal_request;
using mjgate::actors::principal;
using mjgate::http::reply;

const principal who{7, false};
const std::string png = std::string{"\x89PNG\r\n\x1a\n", 8} + "mask-pixels";
const std::string png64 = mj::base64_encode(png);

reply envelope4(int status, std::string_view description) {
  return reply{status,
               R"({"code":4,"description":")" + std::string{description} +
                   R"(","result":null,"properties":{}})",
               {}};
}

TEST(submit_modal, accepted_bodies) {
  const std::pair<std::string, modal_request> cases[] = {
      {R"({"taskId":"17"})", modal_request{who, "17", "", ""}},
      {R"({"taskId":"17","prompt":"  a cat --ar 2:1 --zoom 1.5 "})",
       modal_request{who, "17", "a cat --ar 2:1 --zoom 1.5", ""}},
      {R"({"taskId":"17","maskBase64":")" + png64 + "\"}", modal_request{who, "17", "", png64}},
      {R"({"taskId":"17","maskBase64":"data:image/png;base64,)" + png64 + "\"}",
       modal_request{who, "17", "", png64}},
      {R"({"taskId":"17","prompt":"x","maskBase64":"data:image/png;base64,)" + png64.substr(0, 8) +
           "\\r\\n" + png64.substr(8) + "\"}",
       modal_request{who, "17", "x", png64}},
      {R"({"taskId":"17","maskBase64":""})", modal_request{who, "17", "", ""}},
  };
  for (const auto& [body, expected] : cases) {
    auto r = mj::parse_submit_modal(body, who);
    ASSERT_TRUE(std::holds_alternative<modal_request>(r)) << body;
    EXPECT_EQ(std::get<modal_request>(r), expected) << body;
  }
}

TEST(submit_modal, rejected_bodies) {
  const std::pair<std::string, reply> cases[] = {
      {"{taskId:17}", envelope4(400, "请求体不是合法的JSON")},
      {R"({"prompt":"x"})", envelope4(200, "taskId不能为空")},
      {R"({"taskId":"17","prompt":["x"]})", envelope4(200, "prompt必须是字符串")},
      {R"({"taskId":"17","prompt":")" + std::string(8193, 'p') + "\"}",
       envelope4(200, "prompt过长")},
      {R"({"taskId":"17","maskBase64":1})", envelope4(200, "maskBase64必须是字符串")},
      {R"({"taskId":"17","maskBase64":"not*base64"})",
       envelope4(200, "maskBase64错误：图片base64编码错误")},
      {R"({"taskId":"17","maskBase64":"data:image/bmp;base64,)" + png64 + "\"}",
       envelope4(200, "maskBase64错误：图片类型不支持，仅支持png、jpeg、webp、gif")},
      {R"({"taskId":"17","maskBase64":")" + mj::base64_encode("GIF89a....") + "\"}",
       envelope4(200, "maskBase64必须是PNG图片")},
      {R"({"taskId":"17","maskBase64":")" + mj::base64_encode("just text") + "\"}",
       envelope4(200, "maskBase64错误：图片内容不是png、jpeg、webp或gif")},
  };
  for (const auto& [body, expected] : cases) {
    auto r = mj::parse_submit_modal(body, who);
    ASSERT_TRUE(std::holds_alternative<reply>(r)) << body;
    EXPECT_EQ(std::get<reply>(r), expected) << body;
  }
}

TEST(submit_modal, mask_size_bound) {
  auto big = png + std::string(mj::max_image_bytes - png.size() + 1, 'x');
  auto r = mj::parse_submit_modal(
      R"({"taskId":"17","maskBase64":")" + mj::base64_encode(big) + "\"}", who);
  ASSERT_TRUE(std::holds_alternative<reply>(r));
  EXPECT_EQ(std::get<reply>(r), envelope4(200, "maskBase64错误：图片过大，最大10MB"));
}

}  // namespace
