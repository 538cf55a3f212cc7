// GET /mj/image/{id} through the real server on 127.0.0.1 (OS-chosen port):
// headers, 304, 206, 416, 404 and path traversal attempts, without an API key.
#include <gtest/gtest.h>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>

#include <filesystem>
#include <fstream>
#include <future>

#include <nlohmann/json.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "actors/type_ids.hpp"
#include "discord/http_client.hpp"
#include "http/auth.hpp"
#include "http/server.hpp"
#include "images/image_file.hpp"
#include "images/image_store.hpp"
#include "tests/http/backend_session.hpp"
#include "tests/images/temp_dir.hpp"

namespace mjgate {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;

const std::string png_bytes = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR0123456789"s;  // 26 bytes
constexpr const char* task_id = "1718000000000100";

struct image_route : ::testing::Test {
  testing::temp_dir dir;
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  std::unique_ptr<http::server> server;
  std::pair<std::string, std::string> login;  ///< x-auth-token of root's backend session
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{io.get_executor()};
  std::unique_ptr<discord::http_client> client = std::make_unique<discord::http_client>(io);
  std::thread io_thread{[this] { io.run(); }};

  image_route() {
    std::string problem;
    if (!images::write_image(dir.path(), task_id, "image/png", png_bytes, problem))
      ADD_FAILURE() << problem;
    // A file beside the image directory that traversal must never reach.
    std::ofstream{dir.path() / "secret.png"} << "secret";
    cfg.add_message_types<caf::id_block::mjgate>();
    sys = std::make_unique<caf::actor_system>(cfg);
    http::server_options opts;
    opts.host = "127.0.0.1";
    opts.port = 0;
    opts.io_threads = 1;
    opts.auth.enabled = true;
    login = test::backend_login(opts.auth, test::root_user());  // only the upload test's
    opts.files_dir = (dir.path() / "files").string();
    opts.image_dir = (dir.path() / "images").string();
    std::filesystem::create_directories(opts.image_dir);
    std::filesystem::rename(dir.path() / "1718000000000100.png",
                            dir.path() / "images" / "1718000000000100.png");
    server = std::make_unique<http::server>(*sys, http::server_backends{{}, nullptr, {}}, opts);
    server->start();
  }

  ~image_route() override {
    // Close the client's idle keep-alive connections first (run() returns
    // once the close has run), so the server need not wait for them.
    client.reset();
    work.reset();
    io_thread.join();
    server->stop();
    server.reset();
  }

  discord::http_response get(const std::string& path,
                             std::vector<std::pair<std::string, std::string>> headers = {},
                             std::string method = "GET", std::string body = {}) {
    discord::http_request req;
    req.method = std::move(method);
    req.body = std::move(body);
    req.url = "http://127.0.0.1:" + std::to_string(server->port()) + path;
    req.headers = std::move(headers);
    req.timeout = 5s;
    std::promise<discord::http_response> done;
    auto future = done.get_future();
    client->send(std::move(req), [&done](discord::http_response r) { done.set_value(r); });
    if (future.wait_for(10s) != std::future_status::ready) {
      ADD_FAILURE() << "GET " << path << " did not finish within 10 s";
      return {};
    }
    return future.get();
  }
};

TEST_F(image_route, serves_the_kept_file_without_an_api_key) {
  auto r = get("/mj/image/1718000000000100");
  ASSERT_EQ(r.status, 200) << r.error << r.body;
  EXPECT_EQ(r.body, png_bytes);
  EXPECT_EQ(r.header("Content-Type"), "image/png");
  EXPECT_EQ(r.header("Content-Length"), std::to_string(png_bytes.size()));
  EXPECT_EQ(r.header("Cache-Control"), "public, max-age=86400");
  EXPECT_EQ(r.header("Accept-Ranges"), "bytes");
  EXPECT_EQ(r.header("ETag").front(), '"');
  // Every speed prefix serves it too; a trailing slash is the same path.
  for (auto prefix : {"/mj-fast/mj", "/mj-relax/mj", "/mj-turbo/mj"}) {
    auto p = get(std::string{prefix} + "/image/1718000000000100/");
    EXPECT_EQ(p.status, 200) << prefix;
    EXPECT_EQ(p.body, png_bytes) << prefix;
  }
  // Other mj routes still need the key.
  EXPECT_EQ(get("/mj/task/1718000000000100/fetch").status, 401);
}

TEST_F(image_route, if_none_match_answers_304) {
  auto first = get("/mj/image/1718000000000100");
  auto etag = first.header("ETag");
  ASSERT_FALSE(etag.empty());
  auto again = get("/mj/image/1718000000000100", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");
  EXPECT_EQ(again.header("ETag"), etag);
  auto other = get("/mj/image/1718000000000100", {{"If-None-Match", "\"other\""}});
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(other.body, png_bytes);
}

TEST_F(image_route, range_answers_206_and_416) {
  auto head = get("/mj/image/1718000000000100", {{"Range", "bytes=0-7"}});
  ASSERT_EQ(head.status, 206);
  EXPECT_EQ(head.body, png_bytes.substr(0, 8));
  EXPECT_EQ(head.header("Content-Range"), "bytes 0-7/26");
  EXPECT_EQ(head.header("Content-Length"), "8");
  auto tail = get("/mj/image/1718000000000100", {{"Range", "bytes=-4"}});
  ASSERT_EQ(tail.status, 206);
  EXPECT_EQ(tail.body, "6789");
  EXPECT_EQ(tail.header("Content-Range"), "bytes 22-25/26");
  auto rest = get("/mj/image/1718000000000100", {{"Range", "bytes=20-"}});
  EXPECT_EQ(rest.status, 206);
  EXPECT_EQ(rest.body, png_bytes.substr(20));
  auto past = get("/mj/image/1718000000000100", {{"Range", "bytes=26-"}});
  EXPECT_EQ(past.status, 416);
  EXPECT_EQ(past.header("Content-Range"), "bytes */26");
}

TEST_F(image_route, unknown_ids_answer_404) {
  const std::string not_found = R"({"error":"midjourney_task_not_found"})";
  for (auto path : {"/mj/image/1718000000000999", "/mj/image/abc", "/mj/image/1718000000000100.png",
                    "/mj-fast/mj/image/42"}) {
    auto r = get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body, not_found) << path;
  }
}

TEST_F(image_route, traversal_attempts_answer_404) {
  for (auto path :
       {"/mj/image/..%2Fsecret", "/mj/image/%2e%2e%2fsecret", "/mj/image/..", "/mj/image/../secret",
        "/mj/image/..%2F..%2Fetc%2Fpasswd", "/mj/image/secret", "/mj/image/%31%37"}) {
    auto r = get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body.find("secret"), std::string::npos) << path;
    EXPECT_NE(r.body.find("\x89PNG"s), 0u) << path;
  }
}

// Backend uploads (api-contracts.md §7.6): POST /backend/api/v1/upload stores
// the file, GET /files/<name> serves it publicly through the same file reply.
TEST_F(image_route, uploaded_files_are_stored_and_served_back) {
  const std::string form =
      "--b0\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\n"
      "Content-Type: application/octet-stream\r\n\r\n" +
      png_bytes + "\r\n--b0--\r\n";
  const std::pair<std::string, std::string> type{"Content-Type",
                                                 "multipart/form-data; boundary=b0"};
  auto denied = get("/backend/api/v1/upload", {type}, "POST", form);
  EXPECT_EQ(denied.status, 400);
  EXPECT_EQ(denied.body, R"({"code":10107,"msg":"未登录","error":"invalid_token"})");
  auto up = get("/backend/api/v1/upload", {type, login}, "POST", form);
  ASSERT_EQ(up.status, 200) << up.error << up.body;
  auto j = nlohmann::json::parse(up.body);
  auto uri = j["uri"].get<std::string>();
  ASSERT_TRUE(uri.starts_with("/files/")) << up.body;
  EXPECT_TRUE(images::is_valid_upload_name(uri.substr(7))) << uri;
  EXPECT_EQ(j["full_uri"], "http://127.0.0.1:" + std::to_string(server->port()) + uri);
  EXPECT_EQ(std::filesystem::file_size(dir.path() / "files" / uri.substr(7)), png_bytes.size());

  auto r = get(uri);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, png_bytes);
  EXPECT_EQ(r.header("Content-Type"), "image/png");
  EXPECT_EQ(r.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(get(uri, {{"If-None-Match", r.header("ETag")}}).status, 304);
  auto part = get(uri, {{"Range", "bytes=1-3"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, "PNG");

  auto text =
      get("/backend/api/v1/upload", {type, login}, "POST",
          "--b0\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\n\r\n"
          "hello\r\n--b0--\r\n");
  EXPECT_EQ(text.status, 400);
  EXPECT_EQ(nlohmann::json::parse(text.body)["code"], 10102);
  // Only upload names reach the directory: the kept image beside it, other
  // names and traversal attempts are 404.
  std::ofstream{dir.path() / "files" / "secret.png"} << "secret";
  for (auto path : {"/files/secret.png", "/files/..%2Fsecret.png", "/files/../secret.png",
                    "/files/AAAAAAAAAAAAAAAAAAAA.png", "/files/", "/files/%2e%2e"}) {
    auto miss = get(path);
    EXPECT_EQ(miss.status, 404) << path;
    EXPECT_EQ(miss.body.find("secret"), std::string::npos) << path;
  }
}

}  // namespace
}  // namespace mjgate
