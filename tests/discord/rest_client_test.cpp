// rest_client against the scripted loopback server: retries, error classes
// and the typed helpers (uploads, messages, DM channel, reactions, Vary Region).
#include "discord/rest_client.hpp"

#include <gtest/gtest.h>

#include <future>

#include "discord/attachment_upload.hpp"
#include "discord/url.hpp"
#include "tests/discord/http_test_server.hpp"
#include "tests/discord/io_runner.hpp"
#include "tests/discord/test_data.hpp"

using namespace mjgate::discord;
using mjgate::discord::test::answer;
using mjgate::discord::test::http_test_server;
using mjgate::discord::test::io_runner;
using mjgate::discord::test::read_data;
using mjgate::discord::test::reply;
using mjgate::discord::test::rest_call;
using mjgate::discord::test::seen_request;
using namespace std::chrono_literals;
using rest_client_ptr = std::shared_ptr<rest_client>;

// -- rest_client ---------------------------------------------------------------

TEST(rest_client, rate_limit_is_retried_with_the_same_body) {
  http_test_server server([](const seen_request&, int i) {
    if (i == 0)
      return answer(
          429, R"({"message":"You are being rate limited.","retry_after":0.05,"global":false})");
    return answer(204, "");
  });
  io_runner run;
  http_client http{run.io};
  rest_options opts;
  opts.api_base = server.url("");
  opts.token = "user-token";
  opts.user_agent = "UA/1";
  opts.super_properties = "e30=";
  opts.max_jitter = 5ms;
  rest_client rest{http, opts};
  auto started = std::chrono::steady_clock::now();
  auto r = rest_call([&](auto done) { rest.post_interaction(R"({"nonce":"1"})", done); });
  EXPECT_GE(std::chrono::steady_clock::now() - started, 50ms);
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.error.empty());
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 2u);
  for (auto& s : seen) {
    EXPECT_EQ(s.method, "POST");
    EXPECT_EQ(s.target, "/api/v9/interactions");
    EXPECT_EQ(s.body, R"({"nonce":"1"})");
    EXPECT_EQ(s.headers["authorization"], "user-token");
    EXPECT_EQ(s.headers["user-agent"], "UA/1");
    EXPECT_EQ(s.headers["content-type"], "application/json");
    EXPECT_EQ(s.headers["x-super-properties"], "e30=");
  }
}

TEST(rest_client, rate_limit_retries_are_bounded) {
  http_test_server server([](const seen_request&, int) {
    auto r = answer(429, "{}");
    r.headers = {{"Retry-After", "0.01"}};
    return r;
  });
  io_runner run;
  http_client http{run.io};
  rest_options opts;
  opts.api_base = server.url("");
  opts.max_rate_limit_retries = 2;
  opts.max_jitter = 1ms;
  rest_client rest{http, opts};
  auto r = rest_call([&](auto done) { rest.post_interaction("{}", done); });
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST(rest_client, server_errors_are_retried_then_fail) {
  http_test_server server([](const seen_request&, int) {
    return answer(502, R"({"message":"Bad Gateway","code":0})");
  });
  io_runner run;
  http_client http{run.io};
  rest_options opts;
  opts.api_base = server.url("");
  opts.server_error_backoff = 5ms;
  rest_client rest{http, opts};
  auto r = rest_call([&](auto done) { rest.get_me(done); });
  EXPECT_EQ(r.status, 502);
  EXPECT_EQ(r.error, "502 0 Bad Gateway");
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 4u);  // first try + 3 retries
  EXPECT_EQ(seen[0].target, "/api/v9/users/@me");
}

TEST(rest_client, invalid_version_is_detected) {
  http_test_server server([](const seen_request&, int) {
    return answer(
        400,
        R"({"code":50035,"message":"Invalid Form Body","errors":{"data":{"_errors":[{"code":"INTERACTION_APPLICATION_COMMAND_INVALID_VERSION","message":"This command is outdated"}]}}})");
  });
  io_runner run;
  http_client http{run.io};
  rest_options opts;
  opts.api_base = server.url("/");
  rest_client rest{http, opts};
  auto r = rest_call([&](auto done) { rest.post_interaction("{}", done); });
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.discord_code, 50035);
  EXPECT_TRUE(r.invalid_version);
  EXPECT_EQ(r.error, "400 50035 Invalid Form Body");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(rest_client, history_and_search_paths) {
  http_test_server server([](const seen_request&, int) { return answer(200, "[]"); });
  io_runner run;
  http_client http{run.io};
  rest_options opts;
  opts.api_base = server.url("");
  rest_client rest{http, opts};
  EXPECT_EQ(rest_call([&](auto done) { rest.get_messages("42", "99", 50, done); }).body, "[]");
  rest_call([&](auto done) { rest.search_commands("42", done); });
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].target, "/api/v9/channels/42/messages?limit=50&after=99");
  EXPECT_EQ(seen[1].target,
            "/api/v9/channels/42/application-commands/search?type=1&include_applications=true");
}

TEST(rest_client, pure_helpers) {
  http_response res;
  res.status = 429;
  res.body = R"({"retry_after":2.06})";
  EXPECT_EQ(retry_after_of(res), 2060ms);
  res.body = "not json";
  res.headers = {{"retry-after", "3"}};
  EXPECT_EQ(retry_after_of(res), 3000ms);
  res.headers.clear();
  EXPECT_FALSE(retry_after_of(res));
  http_response unauthorized;
  unauthorized.status = 401;
  unauthorized.sent = true;
  unauthorized.body = R"({"message":"401: Unauthorized","code":0})";
  auto r = to_rest_result(unauthorized);
  EXPECT_EQ(r.error, "401 0 401: Unauthorized");
  EXPECT_FALSE(r.invalid_version);
  http_response transport;
  transport.sent = true;
  transport.error = "read: timeout";
  EXPECT_EQ(to_rest_result(transport).error, "read: timeout");
  EXPECT_TRUE(to_rest_result(transport).sent);
}

// -- typed helpers (§2.2, §2.3, §5.4) ----------------------------------------

namespace {

rest_options options_for(const http_test_server& server) {
  rest_options opts;
  opts.api_base = server.url("");
  opts.token = "user-token";
  opts.user_agent = "UA/1";
  opts.max_jitter = 1ms;
  opts.server_error_backoff = 1ms;
  return opts;
}

}  // namespace

TEST(rest_client, attachment_upload_in_three_steps) {
  http_test_server server([](const seen_request& r, int) {
    if (r.target == "/api/v9/channels/42/attachments")
      return answer(200, read_data("rest_attachments.json"));
    if (r.method == "PUT") return answer(200, "");
    return answer(200, R"({"id":"77","attachments":[{"url":"https://cdn/x.png"}]})");
  });
  io_runner run;
  http_client http{run.io};
  auto opts = options_for(server);
  opts.upload_base = server.url("/upload");
  rest_client rest{http, opts};
  auto slots_answer = rest_call([&](auto done) {
    rest.create_attachment_slots("42", {{"1700000000000001.png", 5}}, done);
  });
  EXPECT_EQ(slots_answer.failure, rest_failure::none);
  auto slots = parse_upload_slots(slots_answer.body);
  ASSERT_EQ(slots.size(), 1u);
  EXPECT_EQ(slots[0].id, "0");
  EXPECT_EQ(slots[0].upload_filename, "9b2c4d6e-aaaa-bbbb-cccc-0123456789ab/1700000000000001.png");
  auto put = rest_call(
      [&](auto done) { rest.upload_bytes(slots[0].upload_url, "image/png", "\x89PNG\r", done); });
  EXPECT_EQ(put.status, 200);
  auto posted = rest_call([&](auto done) {
    rest.post_message("42",
                      build_message_with_attachments(
                          "42", "9", {{"1700000000000001.png", slots[0].upload_filename}}),
                      done);
  });
  EXPECT_EQ(posted.status, 200);
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].body, build_attachment_slots({{"1700000000000001.png", 5}}));
  EXPECT_EQ(seen[0].headers["authorization"], "user-token");
  // The upload goes to the rewritten host, with the bytes and no token.
  EXPECT_EQ(seen[1].method, "PUT");
  EXPECT_EQ(seen[1].target,
            "/upload/9b2c4d6e-aaaa-bbbb-cccc-0123456789ab/1700000000000001.png?upload_id=abc");
  EXPECT_EQ(seen[1].body, "\x89PNG\r");
  EXPECT_EQ(seen[1].headers["content-length"], "5");
  EXPECT_EQ(seen[1].headers["content-type"], "image/png");
  EXPECT_EQ(seen[1].headers["user-agent"], "UA/1");
  EXPECT_EQ(seen[1].headers.count("authorization"), 0u);
  EXPECT_EQ(seen[2].target, "/api/v9/channels/42/messages");
  EXPECT_EQ(seen[2].headers["content-type"], "application/json");
}

namespace {

upload_outcome run_upload(rest_client_ptr rest, std::vector<upload_input> files, bool post) {
  std::promise<upload_outcome> p;
  auto f = p.get_future();
  upload_attachments(std::move(rest), "42", std::move(files), post, "N1",
                     [&p](upload_outcome o) { p.set_value(std::move(o)); });
  EXPECT_EQ(f.wait_for(10s), std::future_status::ready);
  return f.get();
}

}  // namespace

TEST(attachment_upload, uploads_then_posts_and_reads_the_cdn_urls) {
  http_test_server server([](const seen_request& r, int) {
    if (r.target == "/api/v9/channels/42/attachments")
      return answer(200, read_data("rest_attachments.json"));
    if (r.method == "PUT") return answer(200, "");
    return answer(200, R"({"id":"77","attachments":[{"url":"https://cdn/x.png?ex=1"}]})");
  });
  io_runner run;
  http_client http{run.io};
  auto opts = options_for(server);
  opts.upload_base = server.url("/upload");
  auto rest = std::make_shared<rest_client>(http, opts);
  auto out = run_upload(rest, {{"1700000000000001.png", "image/png", "\x89PNG\r"}}, true);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.files.size(), 1u);
  EXPECT_EQ(out.files[0].filename, "1700000000000001.png");
  EXPECT_EQ(out.files[0].uploaded_filename,
            "9b2c4d6e-aaaa-bbbb-cccc-0123456789ab/1700000000000001.png");
  EXPECT_EQ(out.urls, std::vector<std::string>{"https://cdn/x.png?ex=1"});
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[1].body, "\x89PNG\r");
  EXPECT_EQ(seen[2].body, build_message_with_attachments("42", "N1", out.files));
  // Without the message step: two requests, no URLs.
  auto quiet = run_upload(rest, {{"1700000000000001.png", "image/png", "\x89PNG\r"}}, false);
  EXPECT_EQ(quiet.error, "");
  EXPECT_TRUE(quiet.urls.empty());
  EXPECT_EQ(server.requests().size(), 5u);
  // Nothing to upload: done at once, no request.
  EXPECT_EQ(run_upload(rest, {}, true).error, "");
  EXPECT_EQ(server.requests().size(), 5u);
}

TEST(attachment_upload, a_slot_count_mismatch_or_a_failed_put_is_an_error) {
  http_test_server server([](const seen_request& r, int) {
    if (r.target == "/api/v9/channels/42/attachments")
      return answer(200, read_data("rest_attachments.json"));  // one slot
    return answer(403, R"({"message":"denied","code":0})");
  });
  io_runner run;
  http_client http{run.io};
  auto opts = options_for(server);
  opts.upload_base = server.url("/upload");
  auto rest = std::make_shared<rest_client>(http, opts);
  auto two = run_upload(rest, {{"a.png", "image/png", "1"}, {"b.png", "image/png", "2"}}, false);
  EXPECT_NE(two.error.find("1 slot(s) for 2 file(s)"), std::string::npos) << two.error;
  auto denied = run_upload(rest, {{"a.png", "image/png", "1"}}, false);
  EXPECT_NE(denied.error.find("attachment upload: 403"), std::string::npos) << denied.error;
  EXPECT_EQ(parse_message_attachment_urls("not json"), std::vector<std::string>{});
}

TEST(rest_client, dm_channel_reaction_and_vary_region) {
  http_test_server server([](const seen_request& r, int) {
    if (r.target == "/api/v9/users/@me/channels")
      return answer(200, read_data("rest_dm_channel.json"));
    if (r.method == "PUT") return answer(204, "");
    return answer(200, "{}");
  });
  io_runner run;
  http_client http{run.io};
  auto opts = options_for(server);
  opts.discordsays_base = server.url("/discordsays/{app_id}/");
  rest_client rest{http, opts};
  auto dm =
      rest_call([&](auto done) { rest.create_dm_channel(std::string{mj_application_id}, done); });
  EXPECT_EQ(parse_channel_id(dm.body), "1300000000000000004");
  auto reacted = rest_call(
      [&](auto done) { rest.add_reaction("1300000000000000004", "55", envelope_emoji, done); });
  EXPECT_EQ(reacted.status, 204);
  EXPECT_EQ(reacted.failure, rest_failure::none);
  auto body = build_inpaint_submit("abc", "AAAA", "a hat");
  auto inpaint = rest_call(
      [&](auto done) { rest.submit_inpaint(std::string{mj_application_id}, body, done); });
  EXPECT_EQ(inpaint.status, 200);
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].body, read_data("dm_channel.json"));
  EXPECT_EQ(seen[1].method, "PUT");
  EXPECT_EQ(seen[1].target,
            "/api/v9/channels/1300000000000000004/messages/55/reactions/%E2%9C%89%EF%B8%8F/@me");
  EXPECT_EQ(seen[1].headers["authorization"], "user-token");
  EXPECT_EQ(seen[2].target, "/discordsays/936929561302675456/inpaint/api/submit-job");
  EXPECT_EQ(seen[2].body, body);
  EXPECT_EQ(seen[2].headers.count("authorization"), 0u);
  EXPECT_EQ(seen[2].headers["content-type"], "application/json");
}

TEST(rest_client, failures_are_classified_over_the_wire) {
  struct row {
    int status;
    std::string body;
    rest_failure failure;
  };
  const std::vector<row> rows{
      {401, R"({"message":"401: Unauthorized","code":0})", rest_failure::auth},
      {403, R"({"message":"Missing Access","code":50001})", rest_failure::auth},
      {403, R"({"message":"Missing Permissions","code":50013})", rest_failure::auth},
      {403, R"({"message":"You need to verify your account","code":40002})",
       rest_failure::verification},
      {404, R"({"message":"Unknown Message","code":10008})", rest_failure::unknown_message},
      {404, R"({"message":"Unknown Channel","code":10003})", rest_failure::auth},
      {400, read_data("rest_invalid_version.json"), rest_failure::invalid_version},
      {400, read_data("rest_invalid_form.json"), rest_failure::rejected},
      {429, R"({"message":"You are being rate limited.","retry_after":1.5,"global":true})",
       rest_failure::rate_limited},
      {503, "busy", rest_failure::server},
  };
  std::size_t next = 0;
  http_test_server server([&](const seen_request&, int i) {
    next = static_cast<std::size_t>(i);
    return answer(rows[next].status, rows[next].body);
  });
  io_runner run;
  http_client http{run.io};
  auto opts = options_for(server);
  opts.max_rate_limit_retries = 0;
  opts.max_server_error_retries = 0;
  rest_client rest{http, opts};
  for (const auto& r : rows) {
    SCOPED_TRACE(r.status);
    auto res = rest_call([&](auto done) { rest.post_interaction("{}", done); });
    EXPECT_EQ(res.status, r.status);
    EXPECT_EQ(res.failure, r.failure);
    EXPECT_EQ(res.invalid_version, r.failure == rest_failure::invalid_version);
    if (r.status == 429) {
      EXPECT_EQ(res.retry_after, 1500ms);
      EXPECT_TRUE(res.global_rate_limit);
    }
  }
  EXPECT_EQ(server.requests().size(), rows.size());
}

TEST(rest_client, pure_answer_readers) {
  EXPECT_EQ(classify_rest(0, 0, false), rest_failure::transport);
  EXPECT_EQ(classify_rest(204, 0, false), rest_failure::none);
  EXPECT_EQ(classify_rest(400, 50035, true), rest_failure::invalid_version);
  EXPECT_EQ(classify_rest(418, 0, false), rest_failure::rejected);
  EXPECT_TRUE(parse_upload_slots("nope").empty());
  EXPECT_TRUE(parse_upload_slots(R"({"attachments":7})").empty());
  EXPECT_EQ(parse_channel_id("[]"), "");
  EXPECT_EQ(discordsays_url("https://{app_id}.discordsays.com", "936929561302675456"),
            "https://936929561302675456.discordsays.com");
  EXPECT_EQ(discordsays_url("http://127.0.0.1:1/ds/", "1"), "http://127.0.0.1:1/ds");
  http_response transport;
  transport.error = "connect: refused";
  EXPECT_EQ(to_rest_result(transport).failure, rest_failure::transport);
}
