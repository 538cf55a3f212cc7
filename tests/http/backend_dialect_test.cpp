// The backend admin dialect's pure parts (api-contracts.md §7): envelope and
// error mapping, the status table, request parsing, rendering (golden bytes)
// and the multipart upload parser.
#include <gtest/gtest.h>

#include <caf/error.hpp>
#include <caf/sec.hpp>

#include "actors/type_ids.hpp"
#include "http/dialects/backend/envelope.hpp"
#include "http/dialects/backend/status_rules.hpp"
#include "http/dialects/backend/task_requests.hpp"
#include "http/dialects/backend/task_view.hpp"
#include "http/dialects/backend/upload.hpp"
#include "images/image_file.hpp"

namespace mjgate::http::backend {
namespace {

using namespace std::string_literals;
using domain::task_status;

template <class T>
reply rejected(const std::variant<T, reply>& v) {
  const auto* r = std::get_if<reply>(&v);
  EXPECT_NE(r, nullptr) << "expected a rejection";
  return r ? *r : reply{0, "{}", {}};
}

nlohmann::json body_of(const reply& r) {
  return nlohmann::json::parse(r.body);
}

// -- envelope -------------------------------------------------------------------

TEST(backend_envelope, success_flattens_the_payload_after_code_msg_error) {
  nlohmann::ordered_json payload;
  payload["uri"] = "/files/x.png";
  payload["full_uri"] = "http://h/files/x.png";
  auto r = ok_reply("", payload);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(
      r.body,
      R"({"code":0,"msg":"","error":"","uri":"/files/x.png","full_uri":"http://h/files/x.png"})");
  EXPECT_EQ(ok_reply("ok").body, R"({"code":0,"msg":"ok","error":""})");
}

TEST(backend_envelope, every_code_has_its_error_id_and_http_status) {
  struct row {
    code c;
    const char* id;
    int status;
  };
  for (auto [c, id, status] : std::vector<row>{{code::internal, "internal", 500},
                                               {code::unauthorized, "unauthorized", 401},
                                               {code::invalid_request, "invalid_request", 400},
                                               {code::session_expired, "session_expired", 401},
                                               {code::duplicated_entry, "duplicated_entry", 200},
                                               {code::wrong_password, "wrong_password", 200},
                                               {code::invalid_token, "invalid_token", 400},
                                               {code::no_permission, "no_permission", 400},
                                               {code::not_found, "not_found", 400},
                                               {code::invalid_status, "invalid_status", 400},
                                               {code::too_many_requests, "too_many_requests", 429},
                                               {code::too_many_pending, "too_many_pending", 429}}) {
    auto r = error_reply(c);
    EXPECT_EQ(r.status, status) << id;
    auto j = body_of(r);
    EXPECT_EQ(j["code"], static_cast<int>(c));
    EXPECT_EQ(j["error"], id);
    EXPECT_FALSE(j["msg"].get<std::string>().empty()) << id;
  }
  EXPECT_EQ(error_reply(code::invalid_token).body,
            R"({"code":10107,"msg":"未登录","error":"invalid_token"})");
  EXPECT_EQ(error_reply(code::invalid_request, "请求体过大", 413).status, 413);
}

TEST(backend_envelope, actor_errors_map_once) {
  auto r = failure_reply(caf::make_error(domain::errc::banned_prompt, "gore", "much gore"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"code":10102,"msg":"可能包含敏感词","error":"invalid_request"})");
  r = failure_reply(caf::make_error(domain::errc::validation, "prompt过长"));
  EXPECT_EQ(body_of(r)["msg"], "prompt过长");
  EXPECT_EQ(body_of(failure_reply(caf::make_error(domain::errc::task_not_found)))["code"], 10109);
  EXPECT_EQ(body_of(failure_reply(caf::make_error(domain::errc::forbidden)))["code"], 10108);
  r = failure_reply(caf::make_error(domain::errc::queue_full, 7));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(body_of(r)["code"], 10100);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"Retry-After", "7"}));
  EXPECT_EQ(failure_reply(caf::make_error(domain::errc::insufficient_quota)).body,
            R"({"code":10102,"msg":"额度不足","error":"invalid_request"})");
  r = failure_reply(caf::make_error(domain::errc::rate_limited, "提交过于频繁", 12));
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.body, R"({"code":10201,"msg":"提交过于频繁","error":"too_many_requests"})");
  EXPECT_EQ(r.headers.at(0), (std::pair<std::string, std::string>{"Retry-After", "12"}));
  // backend.max_pending (§7.1): 10202 with HTTP 429 and Retry-After.
  r = failure_reply(
      caf::make_error(domain::errc::too_many_pending, "等待中的任务过多（上限 3）", 10));
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.body,
            R"({"code":10202,"msg":"等待中的任务过多（上限 3）","error":"too_many_pending"})");
  EXPECT_EQ(r.headers.at(0), (std::pair<std::string, std::string>{"Retry-After", "10"}));
  EXPECT_EQ(failure_reply(caf::make_error(caf::sec::request_timeout)).status, 504);
  EXPECT_EQ(failure_reply(caf::make_error(domain::errc::storage_failure)).status, 500);
}

// -- status table (§7.4) --------------------------------------------------------

TEST(backend_status, unified_statuses_map_to_the_four_values) {
  EXPECT_EQ(backend_status(task_status::not_start), 0);
  EXPECT_EQ(backend_status(task_status::modal), 0);
  EXPECT_EQ(backend_status(task_status::submitted), 2);
  EXPECT_EQ(backend_status(task_status::in_progress), 2);
  EXPECT_EQ(backend_status(task_status::success), 1);
  EXPECT_EQ(backend_status(task_status::failure), 3);
  EXPECT_EQ(backend_status(task_status::cancel), 3);
}

TEST(backend_status, the_whole_transition_table) {
  // rows: from 0, 2, 1, 3; columns: to 0, 2, 1, 3 (the order of §7.4).
  const int order[] = {0, 2, 1, 3};
  const char* expected[4][4] = {
      {"none", "10121", "10121", "cancel"},
      {"10121", "none", "10121", "cancel"},
      {"10121", "10121", "none", "10121"},
      {"10121", "10121", "10121", "none"},
  };
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) {
      auto d = decide_status_change(order[i], order[j]);
      std::string got = d.effect == status_effect::none ? "none"
                        : d.effect == status_effect::cancel
                            ? "cancel"
                            : std::to_string(static_cast<int>(d.error));
      EXPECT_EQ(got, expected[i][j]) << order[i] << " -> " << order[j];
      if (d.effect == status_effect::refuse) {
        EXPECT_FALSE(d.message.empty());
      }
    }
  EXPECT_EQ(decide_status_change(2, 0).message, "不能回退回pending状态");
  for (std::int64_t bad : {-1, 4, 255})
    EXPECT_EQ(decide_status_change(0, bad).error, code::invalid_request) << bad;
}

// -- request parsing --------------------------------------------------------------

TEST(backend_requests, create_checks_every_field) {
  auto ok = parse_create(R"({"type":"image","priority":-128,"input":" cat ","note":"n"})");
  ASSERT_TRUE(std::holds_alternative<create_request>(ok));
  EXPECT_EQ(std::get<create_request>(ok), (create_request{"image", -128, " cat ", "n"}));
  auto defaults = std::get<create_request>(parse_create(R"({"type":"video","input":"x"})"));
  EXPECT_EQ(defaults.priority, 0);
  EXPECT_EQ(std::get<create_request>(parse_create(R"({"type":"image","input":"x","priority":"5"})"))
                .priority,
            5);
  for (const char* bad : {R"(nope)", R"([1])", R"({"input":"x"})", R"({"type":"","input":"x"})",
                          R"({"type":"music","input":"x"})", R"({"type":"image"})",
                          R"({"type":"image","input":" \t"})", R"({"type":"image","input":5})",
                          R"({"type":"image","input":"x","priority":128})",
                          R"({"type":"image","input":"x","priority":-129})",
                          R"({"type":"image","input":"x","priority":1.5})",
                          R"({"type":"image","input":"x","note":7})"}) {
    auto r = rejected(parse_create(bad));
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(body_of(r)["code"], 10102) << bad;
  }
  // 255 characters (not bytes) are allowed in a note.
  std::string note;
  for (int i = 0; i < 255; ++i) note += "字";
  auto long_note = nlohmann::json{{"type", "image"}, {"input", "x"}, {"note", note}}.dump();
  EXPECT_TRUE(std::holds_alternative<create_request>(parse_create(long_note)));
  auto too_long = nlohmann::json{{"type", "image"}, {"input", "x"}, {"note", note + "a"}}.dump();
  EXPECT_EQ(body_of(rejected(parse_create(too_long)))["msg"], "note不能超过255个字符");
}

TEST(backend_requests, video_input_starts_with_an_image_url) {
  EXPECT_EQ(std::get<video_input>(parse_video_input("  https://a/b.png  waves at dusk ")),
            (video_input{"https://a/b.png", "waves at dusk"}));
  EXPECT_EQ(std::get<video_input>(parse_video_input("http://a/b.png")),
            (video_input{"http://a/b.png", ""}));
  rejected(parse_video_input("waves https://a/b.png"));
  rejected(parse_video_input("ftp://a/b.png"));
}

TEST(backend_requests, update_applies_only_the_keys_present) {
  auto u = std::get<update_request>(parse_update(R"({"id":7,"priority":0,"note":""})"));
  EXPECT_EQ(u, (update_request{7, std::string{}, 0}));
  u = std::get<update_request>(parse_update(R"({"id":"7","note":null})"));
  EXPECT_EQ(u, (update_request{7, std::nullopt, std::nullopt}));
  for (const char* bad : {R"({})", R"({"id":0})", R"({"id":-3})", R"({"id":"x"})",
                          R"({"id":1,"priority":300})", R"({"id":1,"note":false})"})
    EXPECT_EQ(body_of(rejected(parse_update(bad)))["code"], 10102) << bad;
}

TEST(backend_requests, status_delete_id_and_page) {
  EXPECT_EQ(std::get<status_request>(parse_status(R"({"id":3,"status":3})")),
            (status_request{3, 3}));
  rejected(parse_status(R"({"id":3})"));
  rejected(parse_status(R"({"status":3})"));

  EXPECT_EQ(std::get<std::vector<std::int64_t>>(parse_delete(R"({"ids":[3,1]})")),
            (std::vector<std::int64_t>{3, 1}));
  EXPECT_TRUE(std::get<std::vector<std::int64_t>>(parse_delete(R"({"ids":null})")).empty());
  EXPECT_TRUE(std::get<std::vector<std::int64_t>>(parse_delete(R"({})")).empty());
  EXPECT_TRUE(std::get<std::vector<std::int64_t>>(parse_delete("")).empty());
  rejected(parse_delete(R"({"ids":["1"]})"));
  rejected(parse_delete(R"({"ids":{}})"));
  std::string many = R"({"ids":[)";
  for (int i = 1; i <= 1001; ++i) many += (i > 1 ? "," : "") + std::to_string(i);
  many += "]}";
  EXPECT_EQ(body_of(rejected(parse_delete(many)))["msg"], "ids不能超过1000个");

  EXPECT_EQ(std::get<std::int64_t>(parse_task_id("42")), 42);
  for (auto bad : {"", "0", "-1", "4x", "+4", "99999999999999999999"})
    rejected(parse_task_id(std::string_view{bad}));
  rejected(parse_task_id(std::nullopt));

  EXPECT_EQ(std::get<page_request>(parse_page(std::nullopt, std::nullopt, std::nullopt)),
            (page_request{0, 20, false}));
  EXPECT_EQ(std::get<page_request>(parse_page("40", "0", "1")), (page_request{40, 0, true}));
  EXPECT_EQ(std::get<page_request>(parse_page("", "1000", "true")).limit, 100);  // clamped
  for (auto [o, l] : std::vector<std::pair<const char*, const char*>>{
           {"-1", "1"}, {"x", "1"}, {"0", "-1"}, {"0", "1.5"}}) {
    auto r = rejected(parse_page(std::string_view{o}, std::string_view{l}, std::nullopt));
    EXPECT_EQ(body_of(r)["code"], 10102) << o << " " << l;
  }
}

// -- rendering (golden bytes) -------------------------------------------------------

domain::task backend_task() {
  domain::task t;
  t.id = "1718000000000100";
  t.seq = 42;
  t.user_id = 7;
  t.action = domain::task_action::imagine;
  t.status = task_status::success;
  t.type = "image";
  t.priority = -3;
  t.input = "一只猫 / a cat";
  t.prompt = "一只猫 / a cat";
  t.note = "备注";
  t.image_url = "https://gw.example/mj/image/1718000000000100";
  return t;
}

TEST(backend_view, task_detail_golden_bytes) {
  EXPECT_EQ(detail_reply(backend_task()).body,
            R"({"code":0,"msg":"","error":"","data":{"id":42,"status":1,"type":"image",)"
            R"("priority":-3,"input":"一只猫 / a cat","result":)"
            R"("https://gw.example/mj/image/1718000000000100","note":"备注","fail_reason":""}})");
  auto running = backend_task();
  running.status = task_status::in_progress;
  EXPECT_EQ(task_detail(running)["result"], "");  // "" until done
  auto failed = backend_task();
  failed.status = task_status::failure;
  failed.fail_reason = "run timeout";
  EXPECT_EQ(task_detail(failed)["status"], 3);
  EXPECT_EQ(task_detail(failed)["fail_reason"], "run timeout");
}

TEST(backend_view, tasks_page_golden_bytes) {
  domain::task_page page;
  page.total = 31;
  page.content.push_back(backend_task());
  auto other = backend_task();
  other.seq = 41;
  other.user_id = 8;
  other.status = task_status::not_start;
  other.note = "";
  page.content.push_back(other);
  page.user_names = {{7, "alice"}};  // user 8 has no users row
  EXPECT_EQ(tasks_reply(page).body,
            R"({"code":0,"msg":"","error":"","total":31,"items":[)"
            R"({"id":42,"status":1,"type":"image","priority":-3,"note":"备注",)"
            R"("user":{"uid":7,"name":"alice"}},)"
            R"({"id":41,"status":0,"type":"image","priority":-3,"note":"",)"
            R"("user":{"uid":8,"name":""}}]})");
  EXPECT_EQ(tasks_reply({}).body, R"({"code":0,"msg":"","error":"","total":0,"items":[]})");
}

TEST(backend_view, tasks_of_other_dialects_and_video_results) {
  domain::task up;
  up.action = domain::task_action::upscale;
  up.prompt = "a cat";
  EXPECT_EQ(task_type(up), "upscale");
  EXPECT_EQ(task_input(up), "a cat");
  up.action = domain::task_action::video;
  EXPECT_EQ(task_type(up), "video");
  up.status = task_status::success;
  up.image_url = "https://x/grid.png";
  EXPECT_EQ(task_result(up), "https://x/grid.png");
  up.video_url = "https://x/v.mp4";
  EXPECT_EQ(task_result(up), "https://x/v.mp4");
}

TEST(backend_view, access_owner_or_admin_and_never_deleted) {
  auto t = backend_task();
  EXPECT_EQ(check_access({7, false}, t), std::nullopt);
  EXPECT_EQ(check_access({8, false}, t), code::no_permission);
  EXPECT_EQ(check_access({8, true}, t), std::nullopt);
  t.deleted = true;
  EXPECT_EQ(check_access({7, false}, t), code::not_found);
  EXPECT_EQ(check_access({1, true}, t), code::not_found);
}

// -- uploads ------------------------------------------------------------------------

const std::string png = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR0123"s;

std::string form(const std::string& name, const std::string& data,
                 const std::string& boundary = "XyZ") {
  return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n" +
         "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name +
         "\"; filename=\"a.bin\"\r\nContent-Type: text/plain\r\n\r\n" + data + "\r\n--" + boundary +
         "--\r\n";
}

TEST(backend_upload, the_file_part_is_sniffed_not_trusted) {
  auto ct = std::string_view{"multipart/form-data; boundary=XyZ"};
  auto up = parse_upload(ct, form("file", png));
  ASSERT_TRUE(std::holds_alternative<upload>(up));
  EXPECT_EQ(std::get<upload>(up), (upload{png, "image/png"}));
  auto gif = std::get<upload>(parse_upload(ct, form("file", "GIF89a....")));
  EXPECT_EQ(gif.content_type, "image/gif");
  auto webp = std::get<upload>(parse_upload(ct, form("file", "RIFF\x10\0\0\0WEBPVP8 "s)));
  EXPECT_EQ(webp.content_type, "image/webp");
  EXPECT_EQ(std::get<upload>(parse_upload(ct, form("file", "\xff\xd8\xff\xe0"s))).content_type,
            "image/jpeg");
  EXPECT_EQ(body_of(rejected(parse_upload(ct, form("file", "plain text"))))["code"], 10102);
  rejected(parse_upload(ct, form("image", png)));  // not the `file` field
  rejected(parse_upload(std::nullopt, form("file", png)));
  rejected(parse_upload("application/json", form("file", png)));
  rejected(parse_upload("multipart/form-data", form("file", png)));  // no boundary
  rejected(parse_upload(ct, "garbage"));
  auto big = png + std::string(100, 'x');
  EXPECT_TRUE(std::holds_alternative<upload>(parse_upload(ct, form("file", big), big.size())));
  rejected(parse_upload(ct, form("file", big), big.size() - 1));
}

TEST(backend_upload, names_are_random_and_only_they_pass_validation) {
  auto a = new_upload_name("image/png");
  auto b = new_upload_name("image/png");
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 24u);
  EXPECT_TRUE(a.ends_with(".png"));
  EXPECT_TRUE(images::is_valid_upload_name(a));
  EXPECT_EQ(images::upload_content_type(new_upload_name("image/jpeg")), "image/jpeg");
  for (auto bad :
       {"", "..", "../../etc/passwd", "AAAAAAAAAAAAAAAAAAAA.txt", "AAAAAAAAAAAAAAAAAAA.png",
        "AAAAAAAAAAAAAAAAAAAAA.png", "AAAAAAAAAA/AAAAAAAAA.png", "AAAAAAAAAAAAAAAAAAAA.png/x",
        "AAAAAAAAAA.AAAAAAAAA.png", "AAAAAAAAAAAAAAAAAAAA.PNG"})
    EXPECT_FALSE(images::is_valid_upload_name(bad)) << bad;
  EXPECT_EQ(upload_reply("AAAAAAAAAAAAAAAAAAAA.png", "http://gw:8080/").body,
            R"({"code":0,"msg":"","error":"","uri":"/files/AAAAAAAAAAAAAAAAAAAA.png",)"
            R"("full_uri":"http://gw:8080/files/AAAAAAAAAAAAAAAAAAAA.png"})");
}

}  // namespace
}  // namespace mjgate::http::backend
