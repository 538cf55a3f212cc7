// describe, blend, shorten, video and upload-discord-images bodies: typed
// requests with decoded images, and exact code-4 envelopes for rejections.
#include <gtest/gtest.h>

#include "http/dialects/mj/submit_media.hpp"

namespace {

namespace mj = mjgate::http::mj;
using mj::image_data;
using mj::image_link;
using mjgate::actors::principal;
using mjgate::http::reply;

const principal who{7, false};
const std::string png = std::string{"\x89PNG\r\n\x1a\n", 8} + "pixels";
const std::string jpeg = "\xFF\xD8\xFF\xE0jpeg";
const std::string png_url = "data:image/png;base64," + mj::base64_encode(png);
const std::string jpeg_url = "data:image/jpeg;base64," + mj::base64_encode(jpeg);
const image_data png_image{"image/png", png};
const image_data jpeg_image{"image/jpeg", jpeg};

reply envelope4(int status, std::string_view description) {
  return reply{status,
               R"({"code":4,"description":")" + std::string{description} +
                   R"(","result":null,"properties":{}})",
               {}};
}

template <class T>
void expect_rejections(std::variant<T, reply> (*parse)(std::string_view, const principal&),
                       const std::vector<std::pair<std::string, reply>>& cases) {
  for (const auto& [body, expected] : cases) {
    auto r = parse(body, who);
    ASSERT_TRUE(std::holds_alternative<reply>(r)) << body;
    EXPECT_EQ(std::get<reply>(r), expected) << body;
  }
}

template <class T>
T accepted(std::variant<T, reply> r) {
  EXPECT_TRUE(std::holds_alternative<T>(r));
  return std::holds_alternative<T>(r) ? std::get<T>(std::move(r)) : T{};
}

// -- describe ---------------------------------------------------------------

TEST(submit_describe, base64_or_link) {
  auto d = accepted(mj::parse_submit_describe(
      R"({"base64":")" + png_url +
          R"(","botType":"NIJI_JOURNEY","language":"ZH_CN",)"
          R"("state":"s","notifyHook":"https://h/cb","accountFilter":{"remark":"r"}})",
      who));
  mj::describe_request want;
  want.who = who;
  want.common.state = "s";
  want.common.notify_hook = "https://h/cb";
  want.common.bot_type = "NIJI_JOURNEY";
  want.common.filter.remark = "r";
  want.image = png_image;
  want.language = "zh_cn";
  EXPECT_EQ(d, want);

  d = accepted(mj::parse_submit_describe(R"({"link":" https://cdn.example/a.png "})", who));
  EXPECT_EQ(d.image, (mj::image_source{image_link{"https://cdn.example/a.png"}}));
  EXPECT_EQ(d.common, mj::submit_common{});
  // Raw base64 without a data: header (the type comes from the bytes).
  d = accepted(mj::parse_submit_describe(R"({"base64":")" + mj::base64_encode(jpeg) + "\"}", who));
  EXPECT_EQ(d.image, (mj::image_source{jpeg_image}));
}

TEST(submit_describe, rejections) {
  expect_rejections(
      &mj::parse_submit_describe,
      {
          {"nope", envelope4(400, "请求体不是合法的JSON")},
          {R"({})", envelope4(200, "base64或link不能为空")},
          {R"({"base64":"","link":" "})", envelope4(200, "base64或link不能为空")},
          {R"({"base64":")" + png_url + R"(","link":"https://x/a.png"})",
           envelope4(200, "base64和link只能提供一个")},
          {R"({"link":"ftp://x/a.png"})", envelope4(200, "link必须是http或https地址")},
          {R"({"link":"https://x/)" + std::string(2000, 'a') + "\"}", envelope4(200, "link过长")},
          {R"({"link":5})", envelope4(200, "link必须是字符串")},
          {R"({"base64":"data:image/tiff;base64,AAAA"})",
           envelope4(200, "base64错误：图片类型不支持，仅支持png、jpeg、webp、gif")},
          {R"({"base64":"data:image/png;base64,@@@"})",
           envelope4(200, "base64错误：图片base64编码错误")},
          {R"({"base64":")" + png_url + R"(","botType":"DALL_E"})", envelope4(200, "botType错误")},
          {R"({"base64":")" + png_url + R"(","accountFilter":[]})",
           envelope4(200, "accountFilter必须是对象")},
          {R"({"base64":")" + png_url + R"(","language":1})", envelope4(200, "language参数错误")},
      });
}

// -- blend ------------------------------------------------------------------

TEST(submit_blend, images_and_dimensions) {
  auto b = accepted(mj::parse_submit_blend(
      R"({"base64Array":[")" + png_url + R"(",")" + jpeg_url + R"("],"dimensions":"portrait"})",
      who));
  EXPECT_EQ(b.images, (std::vector<image_data>{png_image, jpeg_image}));
  EXPECT_EQ(b.dimensions, mj::blend_dimensions::portrait);
  EXPECT_EQ(b.who, who);

  std::string five = R"({"base64Array":[)";
  for (int i = 0; i < 5; ++i) five += (i ? ",\"" : "\"") + png_url + "\"";
  b = accepted(mj::parse_submit_blend(five + "]}", who));
  EXPECT_EQ(b.images.size(), 5u);
  EXPECT_EQ(b.dimensions, mj::blend_dimensions::square);
  EXPECT_EQ(mj::to_string(mj::blend_dimensions::landscape), "LANDSCAPE");
}

TEST(submit_blend, rejections) {
  std::string six = R"({"base64Array":[)";
  for (int i = 0; i < 6; ++i) six += (i ? ",\"" : "\"") + png_url + "\"";
  const auto two = R"({"base64Array":[")" + png_url + R"(",")" + png_url + "\"]";
  expect_rejections(
      &mj::parse_submit_blend,
      {
          {"", envelope4(400, "请求体不是合法的JSON")},
          {R"({})", envelope4(200, "base64Array需要2到5张图片")},
          {R"({"base64Array":[")" + png_url + "\"]}", envelope4(200, "base64Array需要2到5张图片")},
          {six + "]}", envelope4(200, "base64Array需要2到5张图片")},
          {R"({"base64Array":")" + png_url + "\"}", envelope4(200, "base64Array必须是数组")},
          {R"({"base64Array":[")" + png_url + R"(",3]})",
           envelope4(200, "base64Array必须是字符串")},
          {R"({"base64Array":[")" + png_url + R"(","https://x/a.png"]})",
           envelope4(200, "base64Array错误：图片base64编码错误")},
          {R"({"base64Array":[")" + png_url + R"(","data:image/png;base64,"]})",
           envelope4(200, "base64Array错误：图片为空")},
          {two + R"(,"dimensions":"WIDE"})", envelope4(200, "dimensions参数错误")},
          {two + R"(,"dimensions":1})", envelope4(200, "dimensions参数错误")},
          {two + R"(,"notifyHook":"mailto:x"})", envelope4(200, "notifyHook必须是http或https地址")},
      });
}

// -- shorten ----------------------------------------------------------------

TEST(submit_shorten, prompt) {
  auto s =
      accepted(mj::parse_submit_shorten(R"({"prompt":"  a very long prompt ","state":"x"})", who));
  EXPECT_EQ(s.prompt, "a very long prompt");
  EXPECT_EQ(s.common.state, "x");
  expect_rejections(
      &mj::parse_submit_shorten,
      {
          {"{]", envelope4(400, "请求体不是合法的JSON")},
          {R"({})", envelope4(200, "prompt不能为空")},
          {R"({"prompt":" "})", envelope4(200, "prompt不能为空")},
          {R"({"prompt":1})", envelope4(200, "prompt必须是字符串")},
          {R"({"prompt":")" + std::string(8193, 'a') + "\"}", envelope4(200, "prompt过长")},
          {R"({"prompt":"p","state":")" + std::string(256, 's') + "\"}",
           envelope4(200, "state过长")},
      });
}

// -- video ------------------------------------------------------------------

TEST(submit_video, from_image) {
  auto v = accepted(mj::parse_submit_video(
      R"({"image":"https://cdn.example/a.png","prompt":" waves ","motion":"HIGH","loop":true,)"
      R"("batchSize":"2","videoType":"vid_1.1_i2v_480"})",
      who));
  mj::video_request want;
  want.who = who;
  want.image = image_link{"https://cdn.example/a.png"};
  want.prompt = "waves";
  want.motion = mj::video_motion::high;
  want.loop = true;
  want.batch_size = 2;
  want.video_type = "vid_1.1_i2v_480";
  EXPECT_EQ(v, want);

  v = accepted(mj::parse_submit_video(
      R"({"base64":")" + png_url + R"(","endImage":")" + jpeg_url + "\"}", who));
  EXPECT_EQ(v.image, (mj::image_source{png_image}));
  EXPECT_EQ(v.end_image, (mj::image_source{jpeg_image}));
  EXPECT_EQ(v.batch_size, 4);
  EXPECT_EQ(v.motion, mj::video_motion::low);
}

TEST(submit_video, from_parent) {
  auto v = accepted(mj::parse_submit_video(R"({"taskId":"17","index":3,"image":""})", who));
  EXPECT_EQ(v.parent_id, "17");
  EXPECT_EQ(v.index, 3);
  EXPECT_FALSE(v.image.has_value());
  EXPECT_FALSE(v.extend);
  v = accepted(mj::parse_submit_video(R"({"taskId":"17","action":"extend","batchSize":1})", who));
  EXPECT_TRUE(v.extend);
  EXPECT_EQ(v.index, 0);
  EXPECT_EQ(v.batch_size, 1);
}

TEST(submit_video, rejections) {
  expect_rejections(
      &mj::parse_submit_video,
      {
          {"video", envelope4(400, "请求体不是合法的JSON")},
          {R"({"prompt":"x"})", envelope4(200, "image或taskId不能为空")},
          {R"({"taskId":"","image":""})", envelope4(200, "image或taskId不能为空")},
          {R"({"taskId":"17","image":"https://x/a.png"})",
           envelope4(200, "image和taskId只能提供一个")},
          {R"({"image":"httpx://a"})", envelope4(200, "image必须是http或https地址")},
          {R"({"image":"QUJD"})", envelope4(200, "image错误：图片内容不是png、jpeg、webp或gif")},
          {R"({"taskId":"17","index":4})", envelope4(200, "index参数错误")},
          {R"({"taskId":"17","index":-1})", envelope4(200, "index参数错误")},
          {R"({"image":"https://x/a.png","action":"extend"})", envelope4(200, "extend需要taskId")},
          {R"({"taskId":"17","action":"shrink"})", envelope4(200, "action参数错误")},
          {R"({"taskId":"17","motion":"fast"})", envelope4(200, "motion参数错误")},
          {R"({"taskId":"17","loop":"yes"})", envelope4(200, "loop必须是布尔值")},
          {R"({"taskId":"17","loop":true,"endImage":"https://x/e.png"})",
           envelope4(200, "endImage和loop不能同时使用")},
          {R"({"taskId":"17","endImage":"ftp://x/e.png"})",
           envelope4(200, "endImage必须是http或https地址")},
          {R"({"taskId":"17","batchSize":3})", envelope4(200, "batchSize只能是1、2或4")},
          {R"({"taskId":"17","batchSize":"four"})", envelope4(200, "batchSize只能是1、2或4")},
          {R"({"taskId":"17","videoType":)" + std::string("\"") + std::string(33, 'v') + "\"}",
           envelope4(200, "videoType参数错误")},
      });
}

// -- upload-discord-images ----------------------------------------------------

TEST(submit_upload, images) {
  auto u = accepted(mj::parse_submit_upload(R"({"base64Array":[")" + jpeg_url + "\"]}", who));
  EXPECT_EQ(u, (mj::upload_request{who, {jpeg_image}}));
  std::string six = R"({"base64Array":[)";
  for (int i = 0; i < 6; ++i) six += (i ? ",\"" : "\"") + png_url + "\"";
  expect_rejections(
      &mj::parse_submit_upload,
      {
          {"x", envelope4(400, "请求体不是合法的JSON")},
          {R"({"base64Array":[]})", envelope4(200, "base64Array需要1到5张图片")},
          {six + "]}", envelope4(200, "base64Array需要1到5张图片")},
          {R"({"base64Array":["data:image/x-icon;base64,AAAA"]})",
           envelope4(200, "base64Array错误：图片类型不支持，仅支持png、jpeg、webp、gif")},
      });
}

}  // namespace

TEST(submit_media, video_prompt_follows_rule_10) {
  mj::video_request r;
  r.prompt = "a cat walking";
  EXPECT_EQ(mj::video_prompt(r), "a cat walking --video 1 --motion low --bs 4");
  r.loop = true;
  r.motion = mj::video_motion::high;
  r.batch_size = 2;
  EXPECT_EQ(mj::video_prompt(r), "a cat walking --video 1 --end loop --motion high --bs 2");
  r.loop = false;
  r.end_image = mj::image_link{"https://x/end.png"};
  r.prompt.clear();
  EXPECT_EQ(mj::video_prompt(r), "--video 1 --end https://x/end.png --motion high --bs 2");
}
