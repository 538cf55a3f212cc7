// The image store, the copier and the keeper actor against a loopback HTTP
// server started by the test (127.0.0.1, OS-chosen port).
#include <gtest/gtest.h>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include <algorithm>
#include <future>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "discord/http_client.hpp"
#include "images/image_copier.hpp"
#include "images/image_keeper.hpp"
#include "images/image_store.hpp"
#include "tests/images/canned_server.hpp"
#include "tests/images/temp_dir.hpp"

namespace mjgate::images {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using testing::canned_server;
using testing::http_response_text;
using testing::read_file;
using testing::temp_dir;

const std::string png_bytes = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR-fake-png-body"s;
const std::string webp_bytes = "RIFF\x10\0\0\0WEBPVP8 -fake-webp"s;
constexpr const char* task_id = "1718000000000100";

// -- the store ----------------------------------------------------------------

TEST(image_store, write_then_find_and_read) {
  temp_dir dir;
  std::string problem;
  auto path = write_image(dir.path(), task_id, "image/png", png_bytes, problem);
  ASSERT_TRUE(path) << problem;
  EXPECT_EQ(*path, dir.path() / "1718000000000100.png");
  EXPECT_EQ(dir.names(), std::vector<std::string>{"1718000000000100.png"});  // no temp file left
  auto found = find_image(dir.path(), task_id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->content_type, "image/png");
  EXPECT_EQ(found->size, png_bytes.size());
  EXPECT_GT(found->mtime_ns, 0);
  EXPECT_EQ(read_bytes(found->path, 0, png_bytes.size()), png_bytes);
  EXPECT_EQ(read_bytes(found->path, 1, 3), "PNG");
  EXPECT_EQ(read_bytes(found->path, 1, png_bytes.size()), std::nullopt);  // past the end
}

TEST(image_store, rewrite_replaces_the_file) {
  temp_dir dir;
  std::string problem;
  ASSERT_TRUE(write_image(dir.path(), task_id, "image/png", png_bytes, problem));
  ASSERT_TRUE(write_image(dir.path(), task_id, "image/png", png_bytes + "more", problem));
  EXPECT_EQ(read_file(dir.path() / "1718000000000100.png"), png_bytes + "more");
  EXPECT_EQ(dir.names().size(), 1u);
}

TEST(image_store, refuses_bad_ids_and_types) {
  temp_dir dir;
  std::string problem;
  EXPECT_FALSE(write_image(dir.path(), "../escape", "image/png", png_bytes, problem));
  EXPECT_FALSE(problem.empty());
  EXPECT_FALSE(write_image(dir.path(), task_id, "text/html", "<html>", problem));
  EXPECT_TRUE(dir.names().empty());
  EXPECT_FALSE(find_image(dir.path(), "../" + dir.path().filename().string()));
  EXPECT_FALSE(find_image(dir.path(), "999"));
  EXPECT_FALSE(find_image({}, task_id));
}

TEST(image_store, creates_the_directory) {
  temp_dir dir;
  std::string problem;
  EXPECT_TRUE(write_image(dir.path() / "a" / "b", task_id, "image/gif", "GIF89a..", problem))
      << problem;
  EXPECT_TRUE(find_image(dir.path() / "a" / "b", task_id));
}

// -- the copier -----------------------------------------------------------------

/// A discord::http_client on its own io thread, as app/ runs it.
struct client_fixture : ::testing::Test {
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{io.get_executor()};
  std::unique_ptr<discord::http_client> client = std::make_unique<discord::http_client>(io);
  std::thread thread{[this] { io.run(); }};
  temp_dir dir;

  ~client_fixture() override {
    client.reset();
    work.reset();
    io.stop();
    thread.join();
  }

  copy_settings settings(std::size_t max_bytes = 1u << 20, std::chrono::milliseconds t = 5s) {
    return copy_settings{dir.path(), max_bytes, t, 2s};
  }

  copy_result copy(const image_copier& c, std::string id, std::string url) {
    std::promise<copy_result> done;
    auto future = done.get_future();
    c.copy(std::move(id), std::move(url), [&done](copy_result r) { done.set_value(std::move(r)); });
    if (future.wait_for(15s) != std::future_status::ready) {
      ADD_FAILURE() << "copy did not finish within 15 s";
      return {"test timeout", {}, {}, 0};
    }
    return future.get();
  }
};

canned_server::handler serve_map() {
  return [](const std::string& target) -> std::string {
    if (target == "/grid.png") return http_response_text(200, "image/png", png_bytes);
    if (target == "/octet") return http_response_text(200, "application/octet-stream", webp_bytes);
    if (target == "/big.png") return http_response_text(200, "image/png", png_bytes + "xxxxxxxx");
    if (target == "/page") return http_response_text(200, "text/html", "<html></html>");
    if (target == "/hang") return "";
    return http_response_text(404, "application/json", "{}");
  };
}

using image_copier_test = client_fixture;

TEST_F(image_copier_test, stores_the_downloaded_bytes_under_the_task_id) {
  canned_server server{serve_map()};
  image_copier copier{*client, settings()};
  auto res = copy(copier, task_id, server.url("/grid.png"));
  ASSERT_EQ(res.error, "");
  EXPECT_EQ(res.content_type, "image/png");
  EXPECT_EQ(res.size, png_bytes.size());
  EXPECT_EQ(res.path, dir.path() / "1718000000000100.png");
  EXPECT_EQ(read_file(res.path), png_bytes);
  EXPECT_EQ(dir.names(), std::vector<std::string>{"1718000000000100.png"});
}

TEST_F(image_copier_test, magic_bytes_decide_the_type) {
  canned_server server{serve_map()};
  image_copier copier{*client, settings()};
  auto res = copy(copier, task_id, server.url("/octet"));
  ASSERT_EQ(res.error, "");
  EXPECT_EQ(res.content_type, "image/webp");
  EXPECT_EQ(dir.names(), std::vector<std::string>{"1718000000000100.webp"});
}

TEST_F(image_copier_test, refusals_leave_no_file) {
  canned_server server{serve_map()};
  image_copier copier{*client, settings(png_bytes.size() + 4)};
  auto missing = copy(copier, task_id, server.url("/gone.png"));
  EXPECT_EQ(missing.error, "download answered HTTP 404");
  auto big = copy(copier, task_id, server.url("/big.png"));
  EXPECT_NE(big.error.find("more than"), std::string::npos) << big.error;
  auto page = copy(copier, task_id, server.url("/page"));
  EXPECT_EQ(page.error, "download is not a PNG, JPEG, WebP or GIF image");
  auto bad_id = copy(copier, "../x", server.url("/grid.png"));
  EXPECT_NE(bad_id.error.find("invalid task id"), std::string::npos) << bad_id.error;
  auto bad_url = copy(copier, task_id, "file:///etc/passwd");
  EXPECT_NE(bad_url.error.find("not an http(s) url"), std::string::npos) << bad_url.error;
  EXPECT_TRUE(dir.names().empty());
}

TEST_F(image_copier_test, a_server_that_never_answers_times_out) {
  canned_server server{serve_map()};
  image_copier copier{*client, settings(1u << 20, 300ms)};
  auto t0 = std::chrono::steady_clock::now();
  auto res = copy(copier, task_id, server.url("/hang"));
  EXPECT_NE(res.error.find("timeout"), std::string::npos) << res.error;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
  EXPECT_TRUE(dir.names().empty());
}

// -- the keeper actor -------------------------------------------------------------

using image_keeper_test = client_fixture;

TEST_F(image_keeper_test, replies_the_public_url_once_the_file_is_kept) {
  canned_server server{serve_map()};
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto keeper = spawn_image_keeper(sys, std::make_shared<image_copier>(*client, settings()),
                                   "http://gw.example:8080/");
  caf::scoped_actor self{sys};
  std::string url, error;
  self->request(keeper, 10s, keep_atom_v, std::string{task_id}, server.url("/grid.png"))
      .receive([&](std::string& u) { url = u; }, [&](caf::error& e) { error = caf::to_string(e); });
  EXPECT_EQ(error, "");
  EXPECT_EQ(url, "http://gw.example:8080/mj/image/1718000000000100");
  EXPECT_EQ(read_file(dir.path() / "1718000000000100.png"), png_bytes);

  // A new base (app/ learns the port after start) applies to later copies.
  self->send(keeper, base_atom_v, std::string{"https://img.example"});
  self->request(keeper, 10s, keep_atom_v, std::string{"42"}, server.url("/grid.png"))
      .receive([&](std::string& u) { url = u; }, [&](caf::error& e) { error = caf::to_string(e); });
  EXPECT_EQ(url, "https://img.example/mj/image/42");

  self->request(keeper, 10s, keep_atom_v, std::string{"43"}, server.url("/page"))
      .receive([&](std::string& u) { url = u; }, [&](caf::error& e) { error = caf::to_string(e); });
  EXPECT_NE(error.find("not a PNG"), std::string::npos) << error;
  EXPECT_FALSE(find_image(dir.path(), "43"));
  self->send_exit(keeper, caf::exit_reason::user_shutdown);
}

TEST(public_image_url, joins_base_and_id) {
  EXPECT_EQ(public_image_url("http://h:1", "7"), "http://h:1/mj/image/7");
  EXPECT_EQ(public_image_url("http://h:1//", "7"), "http://h:1/mj/image/7");
}

}  // namespace
}  // namespace mjgate::images
