// The real server on 127.0.0.1 (OS-chosen port) in front of a fake task
// router, exercised over real sockets with a small Beast client.
#include <gtest/gtest.h>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/send.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <tuple>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <restinio/all.hpp>

#include "actors/task_center_actor.hpp"
#include "actors/task_router_actor.hpp"
#include "http/bridge.hpp"
#include "http/dialects/mj/task_json.hpp"
#include "http/server.hpp"
#include "persistence/idempotency_keeper.hpp"
#include "tests/http/backend_session.hpp"

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace asio = boost::asio;
using namespace std::chrono_literals;
using namespace mjgate;
using json = nlohmann::json;

constexpr const char* root_key = "sk-test-root-key";
constexpr const char* uuid_100 = "0a1b2c3d-0000-4000-8000-000000000100";
constexpr const char* uuid_900 = "0a1b2c3d-0000-4000-8000-000000000900";

// -- the fake router ------------------------------------------------------------

/// What the fake router saw; written by its actor, read by the test thread.
struct recorder {
  std::mutex mtx;
  std::vector<actors::submit_command> submits;
  std::vector<actors::follow_up_command> follow_ups;
  std::vector<actors::modal_command> modals;
  std::vector<domain::task_query> queries;
  std::vector<std::pair<actors::principal, domain::task_page_query>> pages;
  std::vector<std::string> fetches;  ///< ids read from the (fake) store reader
  std::vector<domain::account_patch> creates;
  /// (id, patch, reconnect) of every account update that reached the router.
  std::vector<std::tuple<std::string, domain::account_patch, bool>> updates;
  std::vector<std::string> removes;
  std::vector<std::string> resolves;           ///< uuids read from the (fake) store reader
  std::vector<domain::task_page_query> reads;  ///< page queries the (fake) store reader got
  std::vector<std::pair<actors::principal, actors::task_edit>> edits;
  std::vector<std::vector<std::int64_t>> removals;
  std::vector<std::string> cancels;
  std::vector<caf::response_promise> parked;  // touched by the actor only
  /// (channel, body) of every relay callback the (fake) task center accepted.
  std::vector<std::pair<std::int64_t, std::string>> callbacks;

  template <class T>
  std::vector<T> copy(const std::vector<T>& xs) {
    std::lock_guard guard{mtx};
    return xs;
  }
};

domain::task make_task(std::string id) {
  domain::task t;
  t.id = std::move(id);
  t.prompt = "cat";
  t.status = domain::task_status::in_progress;
  t.progress = 40;
  t.submit_time = 1718000000000;
  return t;
}

actors::task_board::snapshot on_board(std::string id, std::int64_t user, domain::task_status s) {
  auto t = make_task(std::move(id));
  t.user_id = user;
  t.status = s;
  t.prompt = "from the board";
  return std::make_shared<const domain::task>(std::move(t));
}

actors::task_router_actor::behavior_type fake_router(actors::task_router_actor::pointer self,
                                                     std::shared_ptr<recorder> rec) {
  using domain::errc;
  return {
      [=](actors::submit_atom, actors::submit_command& cmd) -> caf::result<actors::submit_result> {
        {
          std::lock_guard guard{rec->mtx};
          rec->submits.push_back(cmd);
        }
        const auto& p = cmd.prompt;
        if (p == "ok")
          return actors::submit_result{"1718000000000100", "acc-1", 0, false, {}, {}, uuid_100};
        if (cmd.origin == "backend") {
          actors::submit_result res{"1718000000000300", "acc-1", 0, false, {}, {}, {}};
          res.seq = 4321;
          return res;
        }
        if (p == "queued")
          return actors::submit_result{"1718000000000200", "acc-2", 2, false, {}, {}, {}};
        if (p == "err:validation") return caf::make_error(errc::validation, "参数 x 错误");
        if (p == "err:parent") return caf::make_error(errc::parent_invalid, "关联任务状态错误");
        if (p == "err:no_account") return caf::make_error(errc::no_account);
        if (p == "err:queue_full") return caf::make_error(errc::queue_full, 7);
        if (p == "err:banned") return caf::make_error(errc::banned_prompt, "gore", "much gore");
        if (p == "err:storage") return caf::make_error(errc::storage_failure);
        if (p == "err:internal") return caf::make_error(errc::internal);
        rec->parked.push_back(self->make_response_promise());  // "hang": never answered
        return caf::delegated<actors::submit_result>{};
      },
      [=](actors::submit_atom,
          actors::follow_up_command& cmd) -> caf::result<actors::submit_result> {
        {
          std::lock_guard guard{rec->mtx};
          rec->follow_ups.push_back(cmd);
        }
        if (cmd.parent_id == "404")
          return caf::make_error(errc::parent_invalid, "关联任务不存在或已失效");
        return actors::submit_result{"1718000000000900", "acc-1", 0, false, {}, {}, uuid_900};
      },
      [=](actors::modal_atom, actors::modal_command& cmd) -> caf::result<actors::submit_result> {
        {
          std::lock_guard guard{rec->mtx};
          rec->modals.push_back(cmd);
        }
        if (cmd.task_id == "404") return caf::make_error(errc::validation, "任务不存在或已失效");
        return actors::submit_result{cmd.task_id, "acc-1", 1, false, {}, {}, {}};
      },
      [=](actors::cancel_atom, actors::principal&, std::string& id) -> caf::result<bool> {
        {
          std::lock_guard guard{rec->mtx};
          rec->cancels.push_back(id);
        }
        if (id == "404") return caf::make_error(errc::task_not_found);
        if (id == "done") return caf::make_error(errc::validation, "任务已结束，无法取消");
        return true;
      },
      [=](actors::list_atom, actors::principal&,
          domain::task_query& q) -> caf::result<std::vector<domain::task>> {
        {
          std::lock_guard guard{rec->mtx};
          rec->queries.push_back(q);
        }
        std::vector<domain::task> out;
        if (!q.ids.empty()) {
          for (const auto& id : q.ids)
            if (id.front() != 'x') out.push_back(make_task(id));  // x… = unknown
          return out;
        }
        for (int i = 0; i < std::min(q.limit, 3); ++i)
          out.push_back(make_task(std::to_string(30 - 10 * i)));
        return out;
      },
      [=](actors::page_atom, actors::principal& who,
          domain::task_page_query& q) -> caf::result<domain::task_page> {
        {
          std::lock_guard guard{rec->mtx};
          rec->pages.emplace_back(who, q);
        }
        if (q.prompt == "err:storage") return caf::make_error(errc::storage_failure);
        domain::task_page page;
        page.total = 7;
        for (int i = 0; i < std::min(q.page_size, 2); ++i)
          page.content.push_back(make_task(std::to_string(70 - 10 * i)));
        return page;
      },
      [](actors::load_atom, actors::account_load&) {},
      [=](actors::edit_atom, actors::principal& who, actors::task_edit& e) -> caf::result<bool> {
        std::lock_guard guard{rec->mtx};
        rec->edits.emplace_back(who, e);
        return true;
      },
      [=](actors::remove_atom, actors::principal&,
          std::vector<std::int64_t>& seqs) -> caf::result<std::int64_t> {
        std::lock_guard guard{rec->mtx};
        rec->removals.push_back(seqs);
        return static_cast<std::int64_t>(seqs.size()) - 1;
      },
      [=](actors::sync_atom, actors::principal&, std::string& id, std::string& kind,
          std::string& value) -> caf::result<actors::account_status> {
        if (id == "nope") return caf::make_error(errc::task_not_found);
        if (id == "offline") return caf::make_error(errc::queue_full);
        if (kind == "version" && value != "--v 7")
          return caf::make_error(errc::validation, "版本不可用: " + value);
        actors::account_status s;
        s.acct.id = id;
        s.load.version = kind == "version" ? value : "--v 6.1";
        s.load.remix = kind == "action";
        return s;
      },
      [](actors::seed_atom, actors::principal&, std::string& id) -> caf::result<std::string> {
        if (id == "404") return caf::make_error(errc::task_not_found);
        if (id == "busy") return caf::make_error(errc::queue_full);
        if (id == "failed") return caf::make_error(errc::validation, "任务未成功，无法获取seed");
        return std::string{"3827461925"};
      },
      [=](actors::create_atom, actors::principal&,
          domain::account_patch& p) -> caf::result<std::string> {
        {
          std::lock_guard guard{rec->mtx};
          rec->creates.push_back(p);
        }
        if (p.values.channel_id == "999") return caf::make_error(errc::validation, "渠道已存在");
        return p.values.id.empty() ? p.values.channel_id : p.values.id;
      },
      [=](actors::update_atom, actors::principal&, std::string& id, domain::account_patch& p,
          bool reconnect) -> caf::result<bool> {
        {
          std::lock_guard guard{rec->mtx};
          rec->updates.emplace_back(id, p, reconnect);
        }
        if (id == "nope") return caf::make_error(errc::account_not_found);
        if (id == "cfg") return caf::make_error(errc::validation, "账号cfg来自配置文件，只读");
        if (id == "busy") return caf::make_error(errc::queue_full, "账号正在更新，请稍后重试");
        return true;
      },
      [=](actors::remove_atom, actors::principal&, std::string& id) -> caf::result<bool> {
        {
          std::lock_guard guard{rec->mtx};
          rec->removes.push_back(id);
        }
        if (id == "nope") return caf::make_error(errc::account_not_found);
        if (id == "cfg") return caf::make_error(errc::validation, "账号cfg来自配置文件，只读");
        return true;
      },
      [](actors::status_atom,
         actors::principal& who) -> caf::result<std::vector<actors::account_status>> {
        if (!who.admin) return caf::make_error(errc::forbidden);
        actors::account_status ready;
        ready.acct.id = "acc-1";
        ready.acct.channel_id = "1200";
        ready.acct.user_token = "abcd********wxyz";
        ready.load.health.state = domain::account_state::ready;
        ready.load.running = 2;
        ready.load.remix = true;
        actors::account_status off;
        off.acct.id = "acc-2";
        off.load.health.state = domain::account_state::disabled;
        off.load.health.disabled = domain::disabled_code::auth;
        off.load.health.detail = "gateway 4004";
        return std::vector<actors::account_status>{ready, off};
      },
  };
}

/// A store reader that knows every id except "404" and never answers "hang".
// -- the fake task center: only relay callbacks matter here ---------------------

constexpr const char* callback_secret = "0123456789abcdef0123456789abcdef";

actors::task_center_actor::behavior_type fake_center(actors::task_center_actor::pointer,
                                                     std::shared_ptr<recorder> rec) {
  auto none = [] { return caf::make_error(domain::errc::no_account); };
  return {
      [none](actors::submit_atom, actors::suno_submit_command&) -> caf::result<domain::task> {
        return none();
      },
      [](actors::fetch_atom, const actors::principal&, std::vector<std::string>&)
          -> caf::result<std::vector<domain::task>> { return std::vector<domain::task>{}; },
      [none](actors::relay_atom, actors::mj_relay_submit&) -> caf::result<actors::mj_relay_answer> {
        return none();
      },
      [none](actors::route_atom, const std::string&,
             const std::vector<std::int64_t>&) -> caf::result<std::int64_t> { return none(); },
      [](actors::adopt_atom, std::int64_t, const std::string&, const std::string&, std::int64_t,
         actors::task_actor) {},
      [rec](actors::callback_atom, std::int64_t channel, const std::string& secret,
            std::string& body) -> caf::result<bool> {
        if (channel != 7 || secret != callback_secret)
          return caf::make_error(domain::errc::forbidden);
        std::lock_guard guard{rec->mtx};
        rec->callbacks.emplace_back(channel, std::move(body));
        return true;
      },
      [](actors::create_atom, const domain::channel_edit&) -> caf::result<domain::channel> {
        return caf::make_error(domain::errc::forbidden);
      },
      [](actors::channels_atom) -> std::vector<domain::channel> { return {}; },
      [](actors::fetch_atom, std::int64_t) -> caf::result<domain::channel> {
        return caf::make_error(domain::errc::not_found);
      },
      [](actors::update_atom, const domain::channel_edit&) -> caf::result<domain::channel> {
        return caf::make_error(domain::errc::forbidden);
      },
      [](actors::remove_atom, std::int64_t) -> caf::result<bool> {
        return caf::make_error(domain::errc::forbidden);
      },
  };
}

actors::store_actor::behavior_type fake_reader(actors::store_actor::pointer self,
                                               std::shared_ptr<recorder> rec) {
  using tasks = std::vector<domain::task>;
  auto read_only = [] { return caf::make_error(domain::errc::internal); };
  return {
      [=](actors::insert_atom, domain::task&) -> caf::result<std::int64_t> { return read_only(); },
      [=](actors::update_atom, domain::task&) -> caf::result<bool> { return read_only(); },
      [=](actors::fetch_atom, std::string& id) -> caf::result<tasks> {
        {
          std::lock_guard guard{rec->mtx};
          rec->fetches.push_back(id);
        }
        if (id == "404") return tasks{};
        if (id == "hang") {
          rec->parked.push_back(self->make_response_promise());
          return caf::delegated<tasks>{};
        }
        auto t = make_task(id);
        t.user_id = 1;
        if (id.rfind("done", 0) == 0) t.status = domain::task_status::success;
        return tasks{t};
      },
      [=](actors::resolve_atom, std::string& uuid) -> caf::result<tasks> {
        {
          std::lock_guard guard{rec->mtx};
          rec->resolves.push_back(uuid);
        }
        if (uuid.ends_with("404")) return tasks{};
        auto t = make_task("1718000000000500");
        t.uuid = uuid;
        t.user_id = uuid.ends_with("0002") ? 2 : 1;
        return tasks{t};
      },
      [=](actors::list_atom, domain::task_query&) -> caf::result<tasks> { return tasks{}; },
      // Backend lookups by seq: 404 is unknown; 1xx is waiting, 2xx running,
      // 3xx done; 9xx belongs to user 2.
      [=](actors::page_atom, domain::task_page_query& q) -> caf::result<domain::task_page> {
        {
          std::lock_guard guard{rec->mtx};
          rec->reads.push_back(q);
        }
        domain::task_page page;
        if (q.seqs.size() != 1 || q.seqs[0] == 404) return page;
        auto seq = q.seqs[0];
        auto t = make_task("17180000000" + std::to_string(10000 + seq));
        t.seq = seq;
        t.user_id = seq >= 900 ? 2 : 1;
        t.status = seq < 200   ? domain::task_status::not_start
                   : seq < 300 ? domain::task_status::in_progress
                               : domain::task_status::success;
        t.image_url = "https://img/" + std::to_string(seq) + ".png";
        page.content.push_back(t);
        page.total = 1;
        return page;
      },
      [=](actors::unfinished_atom) -> caf::result<tasks> { return tasks{}; },
      [=](actors::upsert_atom, domain::account&) -> caf::result<bool> { return read_only(); },
      [=](actors::accounts_atom) -> caf::result<std::vector<domain::account>> {
        return std::vector<domain::account>{};
      },
      [=](actors::kv_get_atom, std::string&) -> caf::result<std::string> { return std::string{}; },
      [=](actors::kv_put_atom, std::string&, std::string&) -> caf::result<bool> {
        return read_only();
      },
      [=](actors::remove_atom, std::string&) -> caf::result<bool> { return read_only(); },
      [=](actors::flush_atom) -> caf::result<bool> { return true; },
      [=](actors::upsert_atom, domain::channel&) -> caf::result<domain::channel> {
        return read_only();
      },
      [=](actors::channels_atom) -> caf::result<std::vector<domain::channel>> {
        return std::vector<domain::channel>{};
      },
      [=](actors::remove_atom, std::int64_t) -> caf::result<bool> { return read_only(); },
  };
}

// -- a small Beast client -------------------------------------------------------

struct response {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  json j() const { return json::parse(body); }
};

using header_list = std::vector<std::pair<std::string, std::string>>;

response send(std::uint16_t port, bhttp::verb verb, const std::string& target,
              const std::string& body = {}, const header_list& headers = {}) {
  asio::io_context io;
  beast::tcp_stream stream{io};
  stream.expires_after(10s);
  stream.connect(asio::ip::tcp::endpoint{asio::ip::make_address("127.0.0.1"), port});
  bhttp::request<bhttp::string_body> req{verb, target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  for (const auto& [k, v] : headers) req.set(k, v);
  if (!body.empty() || verb == bhttp::verb::post) req.body() = body;
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buf;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64u << 20);
  bhttp::read(stream, buf, parser);
  const auto& res = parser.get();
  response out{static_cast<int>(res.result_int()), res.body(), {}};
  for (const auto& f : res) {
    std::string name{f.name_string()};
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string{f.value()};
  }
  beast::error_code ec;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  return out;
}

const header_list auth{{"Authorization", std::string{"Bearer "} + root_key}};
http::auth_settings backend_auth_settings{true, http::hash_api_key(root_key)};
/// root's backend login (env::defaults() serves it).
const header_list backend_auth{test::backend_login(backend_auth_settings, test::root_user())};

// -- fixture --------------------------------------------------------------------

caf::actor_system_config& configure(caf::actor_system_config& cfg) {
  cfg.add_message_types<caf::id_block::mjgate>();
  cfg.set("scheduler.max-threads", 2);
  return cfg;
}

/// One actor system, one fake router and one started server per test.
struct env {
  explicit env(http::server_options opts = defaults(), std::string idempotency_dsn = {})
      : sys{configure(cfg)},
        rec{std::make_shared<recorder>()},
        router{sys.spawn(fake_router, rec)},
        reader{sys.spawn(fake_reader, rec)},
        center{sys.spawn(fake_center, rec)},
        board{std::make_shared<actors::task_board>(100)} {
    if (!idempotency_dsn.empty()) {
      persistence::idempotency_settings s;
      s.dsn = std::move(idempotency_dsn);
      keeper = persistence::spawn_idempotency_keeper(sys, s);
    }
    srv = std::make_unique<http::server>(sys, backends(), std::move(opts));
    srv->start();
  }
  ~env() {
    srv.reset();  // answers in flight are written before the io threads stop
    caf::anon_send_exit(router, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(reader, caf::exit_reason::user_shutdown);
    if (keeper) caf::anon_send_exit(keeper, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(center, caf::exit_reason::user_shutdown);
  }

  http::server_backends backends() {
    http::server_backends b{router, board, {reader}};
    b.idempotency = keeper;
    b.center = center;
    return b;
  }

  static http::server_options defaults() {
    http::server_options o;
    o.port = 0;
    o.io_threads = 2;
    o.ask_timeout = 5s;
    o.handle_timeout = 8s;
    o.max_body_submit = 8192;
    o.max_body_default = 1024;
    o.max_ids = 5;
    o.auth = backend_auth_settings;
    return o;
  }

  response post(const std::string& target, const std::string& body,
                const header_list& headers = auth) {
    return send(srv->port(), bhttp::verb::post, target, body, headers);
  }
  response get(const std::string& target, const header_list& headers = auth) {
    return send(srv->port(), bhttp::verb::get, target, {}, headers);
  }
  response put(const std::string& target, const std::string& body) {
    return send(srv->port(), bhttp::verb::put, target, body, auth);
  }
  response del(const std::string& target) {
    return send(srv->port(), bhttp::verb::delete_, target, {}, auth);
  }
  response submit(const std::string& prompt) {
    return post("/mj/submit/imagine", json{{"prompt", prompt}}.dump(),
                {auth[0], {"Content-Type", "application/json"}});
  }

  caf::actor_system_config cfg;
  caf::actor_system sys;
  std::shared_ptr<recorder> rec;
  actors::task_router_actor router;
  actors::store_actor reader;
  actors::task_center_actor center;
  std::shared_ptr<actors::task_board> board;
  actors::idempotency_actor keeper;  ///< null unless a dsn was given
  std::unique_ptr<http::server> srv;
};

const std::string fetch_404 =
    R"({"code":4,"description":"任务不存在","result":null,"properties":{}})";
const std::string unauthorized =
    R"({"code":4,"description":"Unauthorized: invalid or missing API key","result":null,"properties":{}})";

// -- tests ----------------------------------------------------------------------

TEST(http_server, binds_an_os_chosen_port_and_serves_healthz) {
  env e;
  ASSERT_NE(e.srv->port(), 0);
  auto r = e.get("/healthz", {});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"status":"ok"})");
  EXPECT_EQ(r.headers["content-type"], "application/json;charset=UTF-8");
}

TEST(http_server, submit_success_and_queued_envelopes) {
  env e;
  auto ok = e.post("/mj/submit/imagine", R"({"prompt":"  ok ","state":"s"})");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.headers["content-type"], "application/json;charset=UTF-8");
  EXPECT_EQ(ok.body, R"({"code":1,"description":"提交成功","result":"1718000000000100",)"
                     R"("properties":{"discordInstanceId":"acc-1"}})");
  auto q = e.submit("queued");
  EXPECT_EQ(q.status, 200);
  EXPECT_EQ(q.body,
            R"({"code":22,"description":"排队中，前面还有2个任务","result":"1718000000000200",)"
            R"("properties":{"discordInstanceId":"acc-2","numberOfQueues":2}})");
  auto seen = e.rec->copy(e.rec->submits);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].prompt, "ok");
  EXPECT_EQ(seen[0].state, "s");
  EXPECT_EQ(seen[0].who, actors::root_principal());
}

TEST(http_server, submit_error_mapping) {
  env e;
  struct expectation {
    const char* prompt;
    int code;
    const char* description;
  };
  for (auto x : {expectation{"err:validation", 4, "参数 x 错误"},
                 expectation{"err:parent", 4, "关联任务状态错误"},
                 expectation{"err:no_account", 3, "无可用的账号实例"},
                 expectation{"err:queue_full", 23, "队列已满，请稍后尝试"},
                 expectation{"err:banned", 24, "可能包含敏感词"},
                 expectation{"err:storage", 9, "提交失败，系统异常"},
                 expectation{"err:internal", 9, "提交失败，系统异常"}}) {
    auto r = e.submit(x.prompt);
    EXPECT_EQ(r.status, 200) << x.prompt;
    auto j = r.j();
    EXPECT_EQ(j["code"], x.code) << x.prompt;
    EXPECT_EQ(j["description"], x.description) << x.prompt;
    EXPECT_TRUE(j["result"].is_null()) << x.prompt;
  }
  EXPECT_EQ(e.submit("err:queue_full").j()["properties"]["retryAfter"], 7);
  auto banned = e.submit("err:banned").j()["properties"];
  EXPECT_EQ(banned["bannedWord"], "gore");
  EXPECT_EQ(banned["promptEn"], "much gore");
}

TEST(http_server, auth_rejects_missing_and_wrong_keys) {
  env e;
  const std::string body = R"({"prompt":"ok"})";
  for (const auto& h :
       std::vector<header_list>{{},
                                {{"Authorization", "Bearer wrong"}},
                                {{"mj-api-secret", "sk-wrong"}},
                                {{"Authorization", "Bearer midjourney-proxy"}},
                                {{"Authorization", "Bearer wrong"}, {"mj-api-secret", root_key}}}) {
    auto r = e.post("/mj/submit/imagine", body, h);
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.body, unauthorized);
  }
  EXPECT_EQ(e.get("/mj/task/1/fetch", {}).status, 401);
  EXPECT_TRUE(e.rec->copy(e.rec->submits).empty());
}

TEST(http_server, auth_accepts_every_key_form) {
  env e;
  const std::string bare = std::string{root_key}.substr(3);
  for (const auto& h : std::vector<header_list>{
           {{"Authorization", std::string{"Bearer "} + root_key}},
           {{"Authorization", "bearer " + bare}},
           {{"Authorization", root_key}},
           {{"mj-api-secret", root_key}},
           {{"mj-api-secret", bare}},
           {{"Authorization", "Bearer midjourney-proxy"}, {"mj-api-secret", root_key}}}) {
    auto r = e.get("/mj/task/5/fetch", h);
    EXPECT_EQ(r.status, 200) << h.front().first << ": " << h.front().second;
  }
}

// Users' keys come from the credentials index; /mjgate/api/v1 and
// /backend/api/v1 are dispatched to their dialects with their own envelopes.
TEST(http_server, user_keys_and_the_management_and_backend_routes) {
  auto opts = env::defaults();
  auto idx = std::make_shared<actors::credential_index>();
  domain::user alice;
  alice.id = 7;
  alice.name = "alice";
  domain::api_token key;
  key.id = 3;
  key.user_id = 7;
  key.key_hash = http::hash_api_key("sk-alice-key");
  domain::user carol = alice;
  carol.id = 9;
  carol.name = "carol";
  carol.status = domain::user_disabled;
  domain::api_token carol_key = key;
  carol_key.id = 4;
  carol_key.user_id = 9;
  carol_key.key_hash = http::hash_api_key("sk-carol-key");
  idx->load({alice, carol}, {key, carol_key}, {});
  opts.auth.credentials = idx;
  env e{opts};
  const header_list as_alice{{"Authorization", "Bearer sk-alice-key"}};
  // A disabled user's key: 403 "Forbidden" (api-contracts.md §3.2); unknown: 401.
  auto carol_try = e.post("/mj/submit/imagine", R"({"prompt":"ok"})",
                          {{"Authorization", "Bearer sk-carol-key"}});
  EXPECT_EQ(carol_try.status, 403);
  EXPECT_EQ(carol_try.body,
            R"({"code":4,"description":"Forbidden","result":null,"properties":{}})");
  EXPECT_EQ(e.get("/mj/task/list", {{"Authorization", "Bearer sk-nobody"}}).status, 401);
  EXPECT_EQ(e.post("/mj/submit/imagine", R"({"prompt":"ok"})", as_alice).j()["code"], 1);
  auto who = e.rec->copy(e.rec->submits).at(0).who;
  EXPECT_EQ(who.user_id, 7);
  EXPECT_FALSE(who.admin);
  EXPECT_EQ(who.api_key_id, 3);
  EXPECT_EQ(who.name, "alice");
  auto forbidden = e.get("/mjgate/api/v1/users", as_alice);
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(forbidden.body, R"({"code":403,"message":"only admins manage users","data":null})");
  EXPECT_EQ(e.get("/mjgate/api/v1/users", {}).status, 401);
  EXPECT_EQ(e.get("/mjgate/api/v1/users").status, 503);  // root, but no registry in this test
  auto hola = e.get("/backend/api/v1/hola", {});
  EXPECT_EQ(hola.status, 400);
  EXPECT_EQ(hola.body, R"({"code":10107,"msg":"未登录","error":"invalid_token"})");
  EXPECT_EQ(e.get("/backend/api/v1/nope", {}).status, 404);
  EXPECT_EQ(e.get("/backend/api/v1/login", {}).status, 405);
  auto out = e.post("/backend/api/v1/logout", "{}", {});
  EXPECT_EQ(out.status, 200);
  EXPECT_EQ(out.headers["set-cookie"], "backend-token=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
}

// CORS (api-contracts.md §1.1): preflights are answered for every route, and
// every answer to an allowed origin carries the CORS headers.
TEST(http_server, cors_preflight_and_answer_headers) {
  auto opts = env::defaults();
  opts.cors_origins = {"https://app.example.com"};
  env e{opts};
  const header_list pre{{"Origin", "https://app.example.com"},
                        {"Access-Control-Request-Method", "POST"},
                        {"Access-Control-Request-Headers", "content-type, mj-api-secret"}};
  for (const char* path : {"/mj/submit/imagine", "/backend/api/v1/login", "/api/mj/self"}) {
    auto r = send(e.srv->port(), bhttp::verb::options, path, {}, pre);
    EXPECT_EQ(r.status, 204) << path;
    EXPECT_EQ(r.headers["access-control-allow-origin"], "https://app.example.com") << path;
    EXPECT_EQ(r.headers["access-control-allow-headers"], "content-type, mj-api-secret") << path;
  }
  auto foreign =
      send(e.srv->port(), bhttp::verb::options, "/mj/submit/imagine", {},
           {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(foreign.headers.count("access-control-allow-origin"), 0u);

  header_list as_app = auth;
  as_app.emplace_back("Origin", "https://app.example.com");
  auto ok = e.post("/mj/submit/imagine", R"({"prompt":"ok"})", as_app);
  EXPECT_EQ(ok.j()["code"], 1);
  EXPECT_EQ(ok.headers["access-control-allow-origin"], "https://app.example.com");
  EXPECT_EQ(ok.headers["access-control-allow-credentials"], "true");
  EXPECT_NE(ok.headers["access-control-expose-headers"].find("x-auth-token"), std::string::npos);
  // Errors carry them too (a browser could not read the error otherwise).
  header_list no_key{{"Origin", "https://app.example.com"}};
  auto denied = e.post("/mj/submit/imagine", R"({"prompt":"ok"})", no_key);
  EXPECT_EQ(denied.status, 401);
  EXPECT_EQ(denied.headers["access-control-allow-origin"], "https://app.example.com");
  // No Origin (curl, servers): no CORS headers at all.
  EXPECT_EQ(e.post("/mj/submit/imagine", R"({"prompt":"ok"})").headers.count("vary"), 0u);
}

// With CORS off an OPTIONS request is routed like any other method.
TEST(http_server, cors_off_adds_nothing) {
  env e;
  header_list as_app = auth;
  as_app.emplace_back("Origin", "https://app.example.com");
  auto r = e.post("/mj/submit/imagine", R"({"prompt":"ok"})", as_app);
  EXPECT_EQ(r.headers.count("access-control-allow-origin"), 0u);
}

TEST(http_server, auth_disabled_serves_everyone_as_root) {
  auto opts = env::defaults();
  opts.auth.enabled = false;
  env e{opts};
  EXPECT_EQ(e.post("/mj/submit/imagine", R"({"prompt":"ok"})", {}).j()["code"], 1);
  EXPECT_EQ(e.rec->copy(e.rec->submits).at(0).who, actors::root_principal());
}

TEST(http_server, non_json_body_is_400_and_never_reaches_the_router) {
  env e;
  auto r = e.post("/mj/submit/imagine", "prompt=cat");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body,
            R"({"code":4,"description":"请求体不是合法的JSON","result":null,"properties":{}})");
  auto empty = e.post("/mj/submit/imagine", R"({"prompt":"   "})");
  EXPECT_EQ(empty.status, 200);
  EXPECT_EQ(empty.j()["description"], "prompt不能为空");
  EXPECT_TRUE(e.rec->copy(e.rec->submits).empty());
  // No Content-Type at all, but the body starts with '{': still JSON.
  EXPECT_EQ(
      e.post("/mj/submit/imagine", R"({"prompt":"ok"})", {auth[0], {"Content-Type", "text/plain"}})
          .j()["code"],
      1);
}

TEST(http_server, body_over_route_limit_is_413) {
  env e;
  std::string big = R"({"ids":[")" + std::string(2000, '1') + R"("]})";  // > 1024 default limit
  auto r = e.post("/mj/task/list-by-condition", big);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.j()["code"], 4);
  EXPECT_TRUE(r.j()["result"].is_null());
  // The same size is fine on a submit route (8192).
  auto ok = e.post(
      "/mj/submit/imagine",
      json{{"prompt", "ok"}, {"state", std::string(200, 's')}, {"pad", std::string(2000, 'p')}}
          .dump());
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.j()["code"], 1);
}

TEST(http_server, fetch_found_and_missing) {
  env e;
  auto r = e.get("/mj/task/1718000000000100/fetch");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, http::mj::render_task(make_task("1718000000000100")));
  auto missing = e.get("/mj/task/404/fetch");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, fetch_404);
  EXPECT_EQ(e.rec->copy(e.rec->fetches), (std::vector<std::string>{"1718000000000100", "404"}));
}

TEST(http_server, a_finished_task_read_from_storage_is_remembered_on_the_board) {
  env e;
  EXPECT_EQ(e.get("/mj/task/1718000000000100/fetch").status, 200);
  EXPECT_FALSE(e.board->find("1718000000000100"));  // a live row is never remembered
  EXPECT_EQ(e.get("/mj/task/done1/fetch").j()["status"], "SUCCESS");
  ASSERT_TRUE(e.board->find("done1"));
  EXPECT_EQ(e.get("/mj/task/done1/fetch").j()["status"], "SUCCESS");
  EXPECT_EQ(e.rec->copy(e.rec->fetches),
            (std::vector<std::string>{"1718000000000100", "done1"}));  // the second from the board
}

TEST(http_server, list_by_condition_keeps_order_and_drops_unknown_and_duplicates) {
  env e;
  for (auto path : {"/mj/task/list-by-condition", "/mj/task/list-by-ids"}) {
    auto r = e.post(path, R"({"ids":["3","x1","1","3"]})");
    ASSERT_EQ(r.status, 200) << path;
    auto j = r.j();
    ASSERT_TRUE(j.is_array());
    ASSERT_EQ(j.size(), 2u);
    EXPECT_EQ(j[0]["id"], "3");
    EXPECT_EQ(j[1]["id"], "1");
  }
  auto qs = e.rec->copy(e.rec->queries);
  ASSERT_EQ(qs.size(), 2u);
  EXPECT_EQ(qs[0].ids, (std::vector<std::string>{"3", "x1", "1"}));
  EXPECT_EQ(qs[0].user_id, 0);  // admin sees all
  // Null, missing or empty ids: [] without asking the router.
  for (auto body : {R"({"ids":null})", R"({})", R"({"ids":[]})"})
    EXPECT_EQ(e.post("/mj/task/list-by-condition", body).body, "[]");
  auto many = e.post("/mj/task/list-by-condition", R"({"ids":["1","2","3","4","5","6"]})");
  EXPECT_EQ(many.status, 200);
  EXPECT_EQ(many.j()["code"], 4);
  EXPECT_EQ(e.rec->copy(e.rec->queries).size(), 2u);
}

TEST(http_server, fetch_of_a_task_on_the_board_never_reads_storage) {
  env e;
  auto s = on_board("1718000000000300", 7, domain::task_status::success);
  e.board->publish(s);
  auto r = e.get("/mj/task/1718000000000300/fetch");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, http::mj::render_task(*s));
  EXPECT_TRUE(e.rec->copy(e.rec->fetches).empty());
}

TEST(http_server, list_by_ids_merges_board_and_storage_in_request_order) {
  env e;
  e.board->publish(on_board("2", 1, domain::task_status::in_progress));
  e.board->publish(on_board("4", 1, domain::task_status::success));
  auto r = e.post("/mj/task/list-by-ids", R"({"ids":["4","x9","1","2","3"]})");
  ASSERT_EQ(r.status, 200);
  auto j = r.j();
  ASSERT_EQ(j.size(), 4u);
  std::vector<std::string> order;
  for (const auto& t : j) order.push_back(t["id"]);
  EXPECT_EQ(order, (std::vector<std::string>{"4", "1", "2", "3"}));
  EXPECT_EQ(j[0]["prompt"], "from the board");
  EXPECT_EQ(j[1]["prompt"], "cat");  // from the (fake) storage
  auto qs = e.rec->copy(e.rec->queries);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].ids, (std::vector<std::string>{"x9", "1", "3"}));  // only what the board lacks
  // All on the board: answered without a query.
  auto all = e.post("/mj/task/list-by-ids", R"({"ids":["2","4"]})");
  EXPECT_EQ(all.j().size(), 2u);
  EXPECT_EQ(e.rec->copy(e.rec->queries).size(), 1u);
}

TEST(http_server, follow_up_routes_forward_one_command_each) {
  env e;
  auto change = e.post("/mj/submit/change",
                       R"({"taskId":"1718000000000100","action":"UPSCALE","index":2,"state":"s"})");
  EXPECT_EQ(change.j()["code"], 1);
  EXPECT_EQ(change.j()["result"], "1718000000000900");
  auto simple = e.post("/mj/submit/simple-change", R"({"content":"1718000000000100 V3"})");
  EXPECT_EQ(simple.j()["code"], 1);
  auto action =
      e.post("/mj/submit/action",
             R"({"taskId":"1718000000000100","customId":"MJ::JOB::reroll::0::abc::SOLO"})");
  EXPECT_EQ(action.j()["code"], 1);
  auto missing =
      e.post("/mj/submit/action", R"({"taskId":"404","customId":"MJ::JOB::upsample::1::h"})");
  EXPECT_EQ(missing.status, 200);
  EXPECT_EQ(missing.j()["code"], 4);
  EXPECT_EQ(missing.j()["description"], "关联任务不存在或已失效");
  auto bad = e.post("/mj/submit/simple-change", R"({"content":"1718000000000100 U9"})");
  EXPECT_EQ(bad.j()["code"], 4);
  auto seen = e.rec->copy(e.rec->follow_ups);
  ASSERT_EQ(seen.size(), 4u);  // the malformed content never reached the router
  EXPECT_EQ(seen[0].parent_id, "1718000000000100");
  EXPECT_EQ(seen[0].change_action, domain::task_action::upscale);
  EXPECT_EQ(seen[0].index, 2);
  EXPECT_EQ(seen[0].state, "s");
  EXPECT_TRUE(seen[0].custom_id.empty());
  EXPECT_EQ(seen[1].change_action, domain::task_action::variation);
  EXPECT_EQ(seen[1].index, 3);
  EXPECT_EQ(seen[2].custom_id, "MJ::JOB::reroll::0::abc::SOLO");
}

TEST(http_server, action_passes_enable_remix_and_modal_forwards_prompt_and_mask) {
  env e;
  auto action =
      e.post("/mj/submit/action", R"({"taskId":"1718000000000100",)"
                                  R"("customId":"MJ::CustomZoom::abc","enableRemix":true})");
  EXPECT_EQ(action.j()["code"], 1);
  auto modal = e.post("/mj/submit/modal",
                      R"({"taskId":"1718000000000300","prompt":" a cat --ar 1:1 --zoom 2 "})");
  EXPECT_EQ(modal.status, 200);
  EXPECT_EQ(modal.j()["code"], 22);
  EXPECT_EQ(modal.j()["result"], "1718000000000300");
  EXPECT_EQ(modal.j()["properties"]["numberOfQueues"], 1);
  auto mask = e.post(
      "/mj/submit/modal",
      R"({"taskId":"1718000000000301",)"
      R"("maskBase64":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="})");
  EXPECT_EQ(mask.j()["result"], "1718000000000301") << mask.body;
  auto missing = e.post("/mj/submit/modal", R"({"taskId":"404"})");
  EXPECT_EQ(missing.status, 200);
  EXPECT_EQ(missing.j()["code"], 4);
  EXPECT_EQ(missing.j()["description"], "任务不存在或已失效");
  auto no_id = e.post("/mj/submit/modal", R"({"prompt":"x"})");
  EXPECT_EQ(no_id.j()["code"], 4);
  auto follow_ups = e.rec->copy(e.rec->follow_ups);
  ASSERT_EQ(follow_ups.size(), 1u);
  EXPECT_TRUE(follow_ups[0].enable_remix);
  auto seen = e.rec->copy(e.rec->modals);
  ASSERT_EQ(seen.size(), 3u);  // the body without taskId never reached the router
  EXPECT_EQ(seen[0].prompt, "a cat --ar 1:1 --zoom 2");
  EXPECT_TRUE(seen[0].mask_base64.empty());
  EXPECT_EQ(seen[1].mask_base64.rfind("iVBORw0KGgo", 0), 0u);  // the data: header is gone
}

TEST(http_server, account_list_and_fetch_show_health_and_mask_the_token) {
  env e;
  auto list = e.get("/mj/account/list");
  EXPECT_EQ(list.status, 200);
  ASSERT_EQ(list.j().size(), 2u);
  EXPECT_EQ(list.j()[0]["id"], "acc-1");
  EXPECT_EQ(list.j()[0]["state"], "READY");
  EXPECT_EQ(list.j()[0]["userToken"], "abcd********wxyz");
  EXPECT_EQ(list.j()[0]["running"], 2);
  EXPECT_EQ(list.j()[0]["remix"], true);
  EXPECT_TRUE(list.j()[0]["disabledCode"].is_null());
  EXPECT_EQ(list.j()[1]["state"], "DISABLED");
  EXPECT_EQ(list.j()[1]["disabledCode"], "AUTH");
  EXPECT_EQ(list.j()[1]["properties"]["disabledReason"], "AUTH: gateway 4004");
  EXPECT_EQ(e.get("/mj/account/list?limit=1").j().size(), 1u);
  EXPECT_EQ(e.get("/mj/account/list?limit=0").j().size(), 1u);  // clamped like /task/list
  EXPECT_EQ(e.get("/mj/account/list?limit=x").status, 400);
  auto one = e.get("/mj-relax/mj/account/acc-2/fetch");
  EXPECT_EQ(one.status, 200);
  EXPECT_EQ(one.j()["id"], "acc-2");
  auto missing = e.get("/mj/account/nope/fetch");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, R"({"code":4,"description":"账号不存在","result":null,"properties":{}})");
}

TEST(http_server, account_create_answers_the_id_and_rejects_bad_bodies_before_the_router) {
  env e;
  auto ok = e.post("/mj/account/create",
                   R"({"guildId":"1100","channelId":"1216","userToken":"sim-token-16",)"
                   R"("coreSize":1,"queueSize":5,"remark":"e2e","allowModes":["relax"]})");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, R"({"code":1,"description":"成功","result":"1216","properties":{}})");
  auto dup = e.post("/mj/account/create",
                    R"({"guildId":"1100","channelId":"999","userToken":"sim-token-17"})");
  EXPECT_EQ(dup.status, 200);
  EXPECT_EQ(dup.body, R"({"code":4,"description":"渠道已存在","result":null,"properties":{}})");
  auto big = e.post("/mj/account/create",
                    R"({"guildId":"1","channelId":"2","userToken":"t","coreSize":13})");
  EXPECT_EQ(big.status, 200);
  EXPECT_EQ(big.j()["code"], 4);
  EXPECT_EQ(big.j()["description"], "coreSize必须是1到12之间的整数");
  EXPECT_EQ(e.post("/mj/account/create", R"({"guildId":"1","channelId":"2"})").j()["description"],
            "userToken不能为空");
  EXPECT_EQ(e.post("/mj/account/create", "{not json").status, 400);
  auto seen = e.rec->copy(e.rec->creates);
  ASSERT_EQ(seen.size(), 2u);  // the rejected bodies never reached the router
  EXPECT_EQ(seen[0].values.user_token, "sim-token-16");
  EXPECT_EQ(seen[0].values.queue_size, 5);
  EXPECT_EQ(seen[0].values.allow_modes, std::vector<std::string>{"RELAX"});
  EXPECT_TRUE(seen[0].has(domain::account_key::remark));
  EXPECT_FALSE(seen[0].has(domain::account_key::weight));
}

TEST(http_server, account_update_and_delete_envelopes) {
  env e;
  const std::string done = R"({"code":1,"description":"成功","result":null,"properties":{}})";
  const std::string unknown =
      R"({"code":4,"description":"账号不存在","result":null,"properties":{}})";
  auto again = e.put("/mj/account/acc-1/update-reconnect",
                     R"({"userToken":"abcd********wxyz","queueSize":1})");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, done);
  EXPECT_EQ(e.put("/mj/account/acc-1/update", R"({"enable":false})").body, done);
  auto missing = e.put("/mj/account/nope/update", "{}");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, unknown);
  auto config = e.put("/mj/account/cfg/update-reconnect", R"({"remark":"x"})");
  EXPECT_EQ(config.status, 200);
  EXPECT_EQ(config.j()["code"], 4);
  EXPECT_EQ(e.put("/mj/account/busy/update", "{}").j()["code"], 23);
  EXPECT_EQ(e.put("/mj/account/acc-1/update", R"({"queueSize":0})").j()["code"], 4);
  EXPECT_EQ(e.put("/mj/account/acc-1/update", R"({"enable":"yes"})").j()["code"], 4);
  auto seen = e.rec->copy(e.rec->updates);
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_EQ(std::get<0>(seen[0]), "acc-1");
  EXPECT_TRUE(std::get<2>(seen[0]));   // update-reconnect
  EXPECT_FALSE(std::get<2>(seen[1]));  // update: live, no reconnect
  EXPECT_FALSE(std::get<1>(seen[0]).has(domain::account_key::user_token));  // masked echo
  EXPECT_EQ(std::get<1>(seen[0]).values.queue_size, 1);
  EXPECT_FALSE(std::get<1>(seen[1]).values.enable);
  EXPECT_EQ(e.del("/mj/account/acc-2/delete").body, done);
  auto gone = e.del("/mj/account/nope/delete");
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.body, unknown);
  EXPECT_EQ(e.del("/mj/account/cfg/delete").j()["code"], 4);
  EXPECT_EQ(e.rec->copy(e.rec->removes), (std::vector<std::string>{"acc-2", "nope", "cfg"}));
  EXPECT_EQ(e.get("/mj/account/acc-1/delete").status, 404);  // DELETE only
}

TEST(http_server, account_query_renders_a_spring_page) {
  env e;
  auto page = e.post("/mj/account/query", R"({"pageNumber":0,"pageSize":1,"sort":"id,desc"})");
  EXPECT_EQ(page.status, 200);
  auto j = page.j();
  ASSERT_EQ(j["content"].size(), 1u);
  EXPECT_EQ(j["content"][0]["id"], "acc-2");
  EXPECT_EQ(j["totalElements"], 2);
  EXPECT_EQ(j["totalPages"], 2);
  EXPECT_EQ(j["first"], true);
  EXPECT_EQ(j["last"], false);
  auto enabled = e.post("/mj/account/query", R"({"channelId":"1200"})").j();
  ASSERT_EQ(enabled["content"].size(), 1u);
  EXPECT_EQ(enabled["content"][0]["userToken"], "abcd********wxyz");
  EXPECT_EQ(e.post("/mj/account/query", R"({"sort":"token,asc"})").j()["code"], 4);
  EXPECT_EQ(e.post("/mj/account/query", R"({"pageNumber":-1})").j()["code"], 4);
}

TEST(http_server, image_seed_envelopes) {
  env e;
  auto ok = e.get("/mj/task/1718000000000100/image-seed");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, R"({"code":1,"description":"成功","result":"3827461925","properties":{}})");
  auto busy = e.get("/mj-fast/mj/task/busy/image-seed");
  EXPECT_EQ(busy.status, 200);
  EXPECT_EQ(busy.body,
            R"({"code":23,"description":"seed获取中，请稍后重试","result":null,"properties":{}})");
  auto failed = e.get("/mj/task/failed/image-seed");
  EXPECT_EQ(failed.j()["code"], 4);
  auto missing = e.get("/mj/task/404/image-seed");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, fetch_404);
}

TEST(http_server, account_commands_answer_the_refreshed_account) {
  env e;
  auto sync = e.post("/mj/account/acc-1/sync-info", "");
  EXPECT_EQ(sync.status, 200);
  EXPECT_EQ(sync.j()["code"], 1);
  EXPECT_EQ(sync.j()["result"]["id"], "acc-1");
  auto version = e.post("/mj/account/acc-1/change-version?version=--v%207", "");
  EXPECT_EQ(version.j()["result"]["version"], "--v 7") << version.body;
  auto body_version = e.post("/mj/account/acc-1/change-version", R"({"version":"--v 7"})");
  EXPECT_EQ(body_version.j()["code"], 1);
  auto not_offered = e.post("/mj/account/acc-1/change-version?version=--v%203", "");
  EXPECT_EQ(not_offered.j()["code"], 4);
  EXPECT_EQ(not_offered.j()["description"], "版本不可用: --v 3");
  auto action = e.post("/mj/account/acc-1/action", R"({"customId":"MJ::Settings::RemixMode"})");
  EXPECT_EQ(action.j()["result"]["remix"], true);
  EXPECT_EQ(e.post("/mj/account/acc-1/action", "{}").j()["code"], 4);
  auto offline = e.post("/mj/account/offline/sync-info", "");
  EXPECT_EQ(offline.j()["code"], 23);
  auto unknown = e.post("/mj/account/nope/sync-info", "");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.j()["description"], "账号不存在");
}

TEST(http_server, cancel_envelopes) {
  env e;
  auto ok = e.post("/mj/task/1718000000000100/cancel", "");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body,
            R"({"code":1,"description":"取消成功","result":"1718000000000100","properties":{}})");
  auto done = e.post("/mj/task/done/cancel", "");
  EXPECT_EQ(done.status, 200);
  EXPECT_EQ(done.j()["code"], 4);
  EXPECT_EQ(done.j()["description"], "任务已结束，无法取消");
  auto missing = e.post("/mj/task/404/cancel", "");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, fetch_404);
}

TEST(http_server, task_list_and_queue) {
  env e;
  auto full = e.get("/mj/task/list?limit=3");
  EXPECT_EQ(full.status, 200);
  EXPECT_EQ(full.j().size(), 3u);
  EXPECT_EQ(full.headers["x-next-before"], "10");
  auto partial = e.get("/mj/task/list?limit=5&before=99");
  EXPECT_EQ(partial.j().size(), 3u);
  EXPECT_EQ(partial.headers.count("x-next-before"), 0u);
  auto bad = e.get("/mj/task/list?limit=-1");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.j()["code"], 4);
  EXPECT_EQ(e.get("/mj/task/list?limit=ten").status, 400);
  EXPECT_EQ(e.get("/mj/task/list?limit=9999").status, 200);
  EXPECT_EQ(e.get("/mj/task/queue").status, 200);
  auto qs = e.rec->copy(e.rec->queries);
  ASSERT_EQ(qs.size(), 4u);
  EXPECT_EQ(qs[0].limit, 3);
  EXPECT_FALSE(qs[0].oldest_first);
  EXPECT_EQ(qs[1].before_id, "99");
  EXPECT_EQ(qs[2].limit, 500);  // clamped
  EXPECT_EQ(qs[3].limit, 100);  // queue default
  EXPECT_TRUE(qs[3].oldest_first);
  EXPECT_EQ(qs[3].statuses.size(), 4u);
}

TEST(http_server, task_query_renders_a_spring_page_and_forwards_the_filters) {
  env e;
  auto r =
      e.post("/mj/task/query",
             R"({"pageNumber":1,"pageSize":2,"sort":"submitTime,asc","status":"SUCCESS",)"
             R"("statusSet":["FAILURE"],"action":"UPSCALE","prompt":"cat","instanceId":"a1"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"].rfind("application/json", 0), 0u);
  auto j = r.j();
  ASSERT_EQ(j["content"].size(), 2u);
  EXPECT_EQ(j["content"][0], json::parse(http::mj::render_task(make_task("70"))));
  EXPECT_EQ(j["content"][1]["id"], "60");
  EXPECT_EQ(j["totalElements"], 7);
  EXPECT_EQ(j["totalPages"], 4);
  EXPECT_EQ(j["size"], 2);
  EXPECT_EQ(j["number"], 1);
  EXPECT_EQ(j["first"], false);
  EXPECT_EQ(j["last"], false);
  EXPECT_EQ(j["numberOfElements"], 2);
  EXPECT_EQ(j["empty"], false);
  auto pages = e.rec->copy(e.rec->pages);
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_EQ(pages[0].first, actors::root_principal());
  const auto& q = pages[0].second;
  EXPECT_EQ(q.user_id, 0);  // the root admin sees everyone's tasks
  EXPECT_EQ(q.page_number, 1);
  EXPECT_EQ(q.page_size, 2);
  EXPECT_EQ(q.sort_field, domain::task_sort_field::submit_time);
  EXPECT_FALSE(q.descending);
  EXPECT_EQ(q.statuses, (std::vector{domain::task_status::success, domain::task_status::failure}));
  EXPECT_EQ(q.actions, std::vector{domain::task_action::upscale});
  EXPECT_EQ(q.prompt, "cat");
  EXPECT_EQ(q.instance_id, "a1");
}

TEST(http_server, task_admin_query_and_every_prefix_serve_the_same_page) {
  env e;
  for (auto path : {"/mj/task-admin/query", "/mj-fast/mj/task/query", "/mj-relax/mj/task/query",
                    "/mj-turbo/mj/task-admin/query/"}) {
    auto r = e.post(path, "{}");
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.j()["size"], 10) << path;  // default page size
    EXPECT_EQ(r.j()["number"], 0) << path;
    EXPECT_EQ(r.j()["first"], true) << path;
  }
  auto pages = e.rec->copy(e.rec->pages);
  ASSERT_EQ(pages.size(), 4u);
  EXPECT_EQ(pages[0].second.sort_field, domain::task_sort_field::id);  // default "id,desc"
  EXPECT_TRUE(pages[0].second.descending);
  EXPECT_EQ(e.post("/mj/task/query", R"({"pageSize":500})").j()["size"], 100);  // clamped
  EXPECT_EQ(e.get("/mj/task/query").status, 404);                               // POST only
}

TEST(http_server, task_query_rejections_never_reach_the_router) {
  env e;
  auto bad_sort = e.post("/mj/task/query", R"({"sort":"prompt,desc"})");
  EXPECT_EQ(bad_sort.status, 200);
  EXPECT_EQ(bad_sort.j()["code"], 4);
  EXPECT_EQ(bad_sort.j()["description"], "sort参数错误");
  auto bad_page = e.post("/mj/task/query", R"({"pageNumber":-1})");
  EXPECT_EQ(bad_page.status, 200);
  EXPECT_EQ(bad_page.j()["code"], 4);
  auto not_json = e.post("/mj/task/query", "pageNumber=1");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(not_json.j()["code"], 4);
  EXPECT_EQ(e.post("/mj/task/query", "{}", {}).status, 401);
  EXPECT_EQ(e.post("/mj/task/query", std::string(2000, ' ')).status, 413);
  EXPECT_TRUE(e.rec->copy(e.rec->pages).empty());
  auto failed = e.post("/mj/task/query", R"({"prompt":"err:storage"})");
  EXPECT_EQ(failed.status, 500);  // a storage failure is not an empty page
  EXPECT_EQ(failed.j()["code"], 9);
}

TEST(http_server, speed_prefixes_and_path_normalisation) {
  env e;
  for (auto path :
       {"/mj-fast/mj/task/7/fetch", "/mj-relax/mj/task/7/fetch", "/mj-turbo/mj/task/7/fetch",
        "//mj//task//7//fetch", "/mj/task/7/fetch/", "/mj-fast//mj/task/7/fetch//"}) {
    auto r = e.get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.j()["id"], "7") << path;
  }
  EXPECT_EQ(e.post("/mj-turbo/mj/submit/imagine/", R"({"prompt":"ok"})").j()["code"], 1);
  for (auto path : {"/mj-slow/mj/task/7/fetch", "/api/mj/task/7/fetch", "/mj/task/7/fetchx",
                    "/mj/nothing", "/"}) {
    auto r = e.get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.j()["code"], 4) << path;
  }
  EXPECT_EQ(e.get("/mj/submit/imagine").status, 404);  // wrong method
}

TEST(http_server, router_that_never_answers_gives_504_or_code_9) {
  auto opts = env::defaults();
  opts.ask_timeout = 300ms;
  opts.handle_timeout = 5s;
  env e{opts};
  auto started = std::chrono::steady_clock::now();
  auto fetch = e.get("/mj/task/hang/fetch");
  EXPECT_EQ(fetch.status, 504);
  EXPECT_EQ(fetch.j()["code"], 9);
  auto submit = e.submit("hang");
  EXPECT_EQ(submit.status, 200);
  EXPECT_EQ(submit.j()["code"], 9);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 4s);  // the ask timeout, not RESTinio's
}

TEST(http_server, responder_dropped_unanswered_answers_500) {
  using traits = restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>;
  auto tracker = std::make_shared<http::inflight_tracker>();
  std::atomic<std::uint16_t> port{0};
  auto running = restinio::run_async<traits>(
      restinio::own_io_context(),
      restinio::server_settings_t<traits>{}
          .address("127.0.0.1")
          .port(0)
          .acceptor_post_bind_hook(
              [&](asio::ip::tcp::acceptor& a) { port = a.local_endpoint().port(); })
          .request_handler([tracker](restinio::request_handle_t req) {
            http::responder dropped{std::move(req), tracker};  // never sent
            return restinio::request_accepted();
          }),
      1);
  ASSERT_NE(port.load(), 0);
  auto r = send(port, bhttp::verb::get, "/anything");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.j()["code"], 9);
  EXPECT_EQ(r.headers["content-type"], "application/json;charset=UTF-8");
  EXPECT_TRUE(tracker->wait_idle(1s));
  running->stop();
  running->wait();
}

TEST(http_server, stop_is_idempotent_and_port_is_taken_error_throws) {
  env e;
  auto opts = env::defaults();
  opts.port = e.srv->port();
  http::server second{e.sys, e.backends(), opts};
  EXPECT_ANY_THROW(second.start());
  e.srv->stop();
  e.srv->stop();
}

// -- node-api (api-contracts.md §6) -----------------------------------------------

const std::string node_ok =
    std::string{R"({"code":1,"description":"成功","result":")"} + uuid_100 + R"("})";

TEST(node_api, submit_from_every_parameter_source) {
  env e;
  auto json_body =
      e.post("/api/v1/trigger/submit", R"({"action":"IMAGINE","prompt":"ok","state":"j"})",
             {auth[0], {"Content-Type", "application/json"}});
  auto query = e.get("/api/v1/trigger/submit?action=imagine&prompt=ok&state=q");
  auto form = e.post("/api/v1/trigger/submit", "action=IMAGINE&prompt=ok&state=f",
                     {auth[0], {"Content-Type", "application/x-www-form-urlencoded"}});
  const std::string b = "XyZ123";
  auto multipart =
      e.post("/api/v1/trigger/submit",
             "--" + b + "\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\nIMAGINE\r\n--" +
                 b + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nok\r\n--" + b +
                 "\r\nContent-Disposition: form-data; name=\"state\"\r\n\r\nm\r\n--" + b + "--\r\n",
             {auth[0], {"Content-Type", "multipart/form-data; boundary=" + b}});
  for (const auto* r : {&json_body, &query, &form, &multipart}) {
    EXPECT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->body, node_ok);
    EXPECT_EQ(r->headers.at("content-type"), "application/json;charset=UTF-8");
  }
  auto seen = e.rec->copy(e.rec->submits);
  ASSERT_EQ(seen.size(), 4u);
  std::vector<std::string> states;
  for (const auto& cmd : seen) {
    EXPECT_EQ(cmd.origin, "node");
    EXPECT_EQ(cmd.prompt, "ok");
    EXPECT_EQ(cmd.action, domain::task_action::imagine);
    EXPECT_EQ(cmd.who, actors::root_principal());
    states.push_back(cmd.state);
  }
  EXPECT_EQ(states, (std::vector<std::string>{"j", "q", "f", "m"}));
}

TEST(node_api, upscale_and_variation_are_follow_ups_by_uuid_or_id) {
  env e;
  auto up =
      e.post("/api/v1/trigger/submit",
             R"({"action":"UPSCALE","taskId":"8A2C5959-143B-46C5-ADB6-242652AC8141","index":2})",
             {auth[0], {"Content-Type", "application/json"}});
  EXPECT_EQ(up.status, 200);
  EXPECT_EQ(up.j()["result"], uuid_900);
  auto var = e.get("/api/v1/trigger/submit?action=VARIATION&taskId=1718000000000100&index=4");
  EXPECT_EQ(var.status, 200);
  auto gone = e.get("/api/v1/trigger/submit?action=UPSCALE&taskId=404&index=1");
  EXPECT_EQ(gone.status, 400);
  EXPECT_EQ(gone.body, R"({"code":0,"description":"关联任务不存在或已失效"})");
  auto seen = e.rec->copy(e.rec->follow_ups);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].parent_id, "8a2c5959-143b-46c5-adb6-242652ac8141");
  EXPECT_EQ(seen[0].change_action, domain::task_action::upscale);
  EXPECT_EQ(seen[0].index, 2);
  EXPECT_EQ(seen[0].origin, "node");
  EXPECT_TRUE(seen[0].custom_id.empty());
  EXPECT_EQ(seen[1].parent_id, "1718000000000100");
  EXPECT_EQ(seen[1].change_action, domain::task_action::variation);
  EXPECT_EQ(seen[1].index, 4);
  auto bad = e.get("/api/v1/trigger/submit?action=UPSCALE&taskId=1718000000000100&index=9");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(e.rec->copy(e.rec->follow_ups).size(), 3u) << "rejected before the router";
}

TEST(node_api, router_errors_map_to_http_statuses) {
  env e;
  auto submit = [&](const std::string& prompt) {
    return e.post("/api/v1/trigger/submit", json{{"action", "IMAGINE"}, {"prompt", prompt}}.dump(),
                  {auth[0], {"Content-Type", "application/json"}});
  };
  auto full = submit("err:queue_full");
  EXPECT_EQ(full.status, 503);
  EXPECT_EQ(full.headers["retry-after"], "7");
  EXPECT_EQ(full.body, R"({"code":0,"description":"队列已满，请稍后尝试"})");
  EXPECT_EQ(submit("err:no_account").status, 503);
  EXPECT_EQ(submit("err:no_account").headers.count("retry-after"), 0u);
  EXPECT_EQ(submit("err:validation").status, 400);
  EXPECT_EQ(submit("err:validation").body, R"({"code":0,"description":"参数 x 错误"})");
  EXPECT_EQ(submit("err:banned").status, 400);
  EXPECT_EQ(submit("err:storage").status, 500);
  EXPECT_EQ(submit("err:internal").body, R"({"code":0,"description":"系统异常"})");
}

TEST(node_api, methods_auth_and_body_limit) {
  env e;
  for (auto path : {"/api/v1/trigger/submit", "/api/v1/task/fetch", "/api/v1/task/list"}) {
    for (auto verb : {bhttp::verb::put, bhttp::verb::delete_, bhttp::verb::patch}) {
      auto r = send(e.srv->port(), verb, path, {}, auth);
      EXPECT_EQ(r.status, 405) << path;
      EXPECT_EQ(r.body, R"({"code":0,"description":"method not allowed"})");
    }
    for (const auto& h : std::vector<header_list>{{}, {{"Authorization", "Bearer sk-wrong"}}}) {
      auto r = e.get(path, h);
      EXPECT_EQ(r.status, 401) << path;
      EXPECT_EQ(r.body, R"({"code":0,"description":"unauthorized"})");
    }
  }
  auto big = e.post("/api/v1/trigger/submit", "prompt=" + std::string(2000, 'a'));
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.j()["code"], 0);
  EXPECT_TRUE(e.rec->copy(e.rec->submits).empty());
  // Below /api/v1 only the three routes exist.
  EXPECT_EQ(e.get("/api/v1/task/other").status, 404);
}

// The anonymous user is read from the users table (the credentials index):
// its role and group apply; a disabled one gets 403, a missing one 401.
TEST(node_api, anonymous_user_only_without_credentials) {
  auto opts = env::defaults();
  auto idx = std::make_shared<actors::credential_index>();
  domain::user guest;
  guest.id = 5;
  guest.name = "guest";
  guest.group = "vip";
  domain::user off = guest;
  off.id = 6;
  off.name = "off";
  off.status = domain::user_disabled;
  idx->load({guest, off}, {}, {});
  opts.auth.credentials = idx;
  opts.node.anonymous_user = 5;
  {
    auto disabled = opts;
    disabled.node.anonymous_user = 6;
    env d{disabled};
    auto r = d.get("/api/v1/trigger/submit?action=IMAGINE&prompt=ok", {});
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(r.j()["code"], 0);
    auto missing = opts;
    missing.node.anonymous_user = 8;
    env m{missing};
    auto u = m.get("/api/v1/trigger/submit?action=IMAGINE&prompt=ok", {});
    EXPECT_EQ(u.status, 401);
    EXPECT_EQ(u.body, R"({"code":0,"description":"unauthorized"})");
    EXPECT_TRUE(d.rec->copy(d.rec->submits).empty());
    EXPECT_TRUE(m.rec->copy(m.rec->submits).empty());
  }
  env e{opts};
  auto anon = e.get("/api/v1/trigger/submit?action=IMAGINE&prompt=ok", {});
  EXPECT_EQ(anon.status, 200) << anon.body;
  auto wrong =
      e.get("/api/v1/trigger/submit?action=IMAGINE&prompt=ok", {{"mj-api-secret", "sk-wrong"}});
  EXPECT_EQ(wrong.status, 401) << "a wrong key is never anonymous";
  auto keyed = e.get("/api/v1/trigger/submit?action=IMAGINE&prompt=ok");
  EXPECT_EQ(keyed.status, 200);
  auto seen = e.rec->copy(e.rec->submits);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].who.user_id, 5);
  EXPECT_FALSE(seen[0].who.admin);
  EXPECT_EQ(seen[0].who.group, "vip") << "the user's group, for pricing and routing";
  EXPECT_EQ(seen[1].who, actors::root_principal());
  EXPECT_EQ(e.post("/mj/submit/imagine", R"({"prompt":"ok"})", {}).status, 401)
      << "the mj dialect never runs anonymously";
  // The anonymous user sees only its own tasks.
  e.board->publish(on_board("1718000000000300", 1, domain::task_status::success));
  EXPECT_EQ(e.get("/api/v1/task/fetch?_id=1718000000000300", {}).status, 400);
  EXPECT_EQ(e.get("/api/v1/task/fetch?_id=1718000000000300").status, 200);
  EXPECT_EQ(e.get("/api/v1/task/list", {}).status, 200);
  auto pages = e.rec->copy(e.rec->pages);
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_EQ(pages[0].second.user_id, 5);
}

TEST(node_api, fetch_by_id_from_the_board_or_storage_and_by_uuid) {
  env e;
  auto live = on_board("1718000000000300", 1, domain::task_status::in_progress);
  auto t = *live;
  t.uuid = "0a1b2c3d-0000-4000-8000-000000000300";
  e.board->publish(std::make_shared<const domain::task>(t));
  auto by_id = e.get("//api/v1//task/fetch?_id=1718000000000300");
  EXPECT_EQ(by_id.status, 200);
  auto doc = by_id.j();
  EXPECT_EQ(doc["_id"], t.uuid);
  EXPECT_EQ(doc["status"], "IN_PROGRESS");
  EXPECT_EQ(doc["progress"], "40%");
  EXPECT_EQ(doc["prompt"], "from the board");
  EXPECT_EQ(e.rec->copy(e.rec->fetches).size(), 0u) << "answered from the board";

  auto stored = e.post("/api/v1/task/fetch", "id=1718000000000777",
                       {auth[0], {"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(stored.status, 200);
  EXPECT_EQ(e.rec->copy(e.rec->fetches), (std::vector<std::string>{"1718000000000777"}));
  auto unknown = e.get("/api/v1/task/fetch?_id=404");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.body, R"({"code":0,"description":"任务不存在"})");

  auto by_uuid = e.post("/api/v1/task/fetch", R"({"_id":"0A1B2C3D-0000-4000-8000-000000000555"})",
                        {auth[0], {"Content-Type", "application/json"}});
  EXPECT_EQ(by_uuid.status, 200);
  EXPECT_EQ(by_uuid.j()["_id"], "0a1b2c3d-0000-4000-8000-000000000555");
  EXPECT_EQ(e.rec->copy(e.rec->resolves),
            (std::vector<std::string>{"0a1b2c3d-0000-4000-8000-000000000555"}));
  EXPECT_EQ(e.get("/api/v1/task/fetch?_id=0a1b2c3d-0000-4000-8000-000000000404").status, 400);
  EXPECT_EQ(e.get("/api/v1/task/fetch?_id=not-an-id").body,
            R"({"code":0,"description":"任务不存在"})");
}

TEST(node_api, list_is_one_bounded_page_with_the_total) {
  env e;
  auto r = e.get("/api/v1/task/list?limit=1000&offset=2&before=1718000000000100");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["x-total-count"], "7");
  auto arr = r.j();
  ASSERT_TRUE(arr.is_array());
  EXPECT_EQ(arr.size(), 2u);
  EXPECT_TRUE(arr[0].contains("_id"));
  auto pages = e.rec->copy(e.rec->pages);
  ASSERT_EQ(pages.size(), 1u);
  const auto& q = pages[0].second;
  EXPECT_EQ(q.user_id, 0) << "admin: every user";
  EXPECT_EQ(domain::page_size_of(q), 500);
  EXPECT_EQ(q.offset, 2);
  EXPECT_EQ(q.before, "1718000000000100");
  EXPECT_EQ(q.sort_field, domain::task_sort_field::id);
  EXPECT_TRUE(q.descending);
  auto bad = e.post("/api/v1/task/list", R"({"limit":-1})",
                    {auth[0], {"Content-Type", "application/json"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(e.rec->copy(e.rec->pages).size(), 1u);
}

// -- backend admin dialect (api-contracts.md §7) ----------------------------------

response backend(env& e, bhttp::verb verb, const std::string& path, const std::string& body = {},
                 const header_list& headers = backend_auth) {
  return send(e.srv->port(), verb, "/backend/api/v1" + path, body, headers);
}

TEST(http_server, backend_create_answers_the_seq_and_sends_a_backend_command) {
  env e;
  auto none = backend(e, bhttp::verb::get, "/tasks", {}, {});
  EXPECT_EQ(none.status, 400);
  EXPECT_EQ(none.body, R"({"code":10107,"msg":"未登录","error":"invalid_token"})");
  auto r = backend(e, bhttp::verb::post, "/task",
                   R"({"type":"image","priority":-7,"input":" a cat ","note":"n1"})");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"code":0,"msg":"ok","error":"","data":{"id":4321}})");
  EXPECT_EQ(r.headers["content-type"], "application/json;charset=UTF-8");
  r = backend(e, bhttp::verb::post, "/task",
              R"({"type":"video","input":"https://img.example/a.png waves --relax"})");
  EXPECT_EQ(r.j()["code"], 0) << r.body;
  auto bad =
      backend(e, bhttp::verb::post, "/task", R"({"type":"image","input":"x","priority":200})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.j()["code"], 10102);
  auto submits = e.rec->copy(e.rec->submits);
  ASSERT_EQ(submits.size(), 2u);
  EXPECT_EQ(submits[0].origin, "backend");
  EXPECT_EQ(submits[0].action, domain::task_action::imagine);
  EXPECT_EQ(submits[0].prompt, " a cat ");
  EXPECT_EQ(submits[0].input, " a cat ");
  EXPECT_EQ((std::tuple{submits[0].priority, submits[0].type, submits[0].note}),
            (std::tuple{-7, std::string{"image"}, std::string{"n1"}}));
  EXPECT_EQ(submits[1].action, domain::task_action::video);
  EXPECT_EQ(submits[1].prompt,
            "https://img.example/a.png waves --relax --video 1 --motion low --bs 4");
  EXPECT_EQ(submits[1].speed, "RELAX");
}

TEST(http_server, backend_task_detail_by_seq_from_the_reader) {
  env e;
  auto r = backend(e, bhttp::verb::get, "/task/301");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(
      r.body,
      R"({"code":0,"msg":"","error":"","data":{"id":301,"status":1,"type":"image",)"
      R"("priority":0,"input":"cat","result":"https://img/301.png","note":"","fail_reason":""}})");
  EXPECT_EQ(backend(e, bhttp::verb::get, "/task?id=101").j()["data"]["status"], 0);
  EXPECT_EQ(backend(e, bhttp::verb::get, "/task/201").j()["data"]["result"], "");
  auto missing = backend(e, bhttp::verb::get, "/task/404");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.body, R"({"code":10109,"msg":"任务不存在","error":"not_found"})");
  EXPECT_EQ(backend(e, bhttp::verb::get, "/task?id=abc").j()["code"], 10102);
  EXPECT_EQ(backend(e, bhttp::verb::get, "/task").j()["code"], 10102);
  auto reads = e.rec->copy(e.rec->reads);
  ASSERT_FALSE(reads.empty());
  EXPECT_EQ(reads[0].seqs, std::vector<std::int64_t>{301});
  EXPECT_EQ(reads[0].user_id, 0);  // ownership is checked on the row: 10108 vs 10109
}

TEST(http_server, backend_put_applies_the_keys_present) {
  env e;
  auto r = backend(e, bhttp::verb::put, "/task", R"({"id":101,"priority":0})");
  EXPECT_EQ(r.body, R"({"code":0,"msg":"ok","error":""})");
  r = backend(e, bhttp::verb::put, "/task", R"({"id":301,"note":"","priority":null})");
  EXPECT_EQ(r.j()["code"], 0);
  r = backend(e, bhttp::verb::put, "/task", R"({"id":101})");  // nothing to change
  EXPECT_EQ(r.j()["code"], 0);
  EXPECT_EQ(backend(e, bhttp::verb::put, "/task", R"({"id":404,"note":"x"})").j()["code"], 10109);
  auto edits = e.rec->copy(e.rec->edits);
  ASSERT_EQ(edits.size(), 2u);
  EXPECT_EQ(edits[0].second.id, "1718000000010101");
  EXPECT_TRUE(edits[0].second.set_priority);
  EXPECT_EQ(edits[0].second.priority, 0);
  EXPECT_FALSE(edits[0].second.set_note);
  EXPECT_TRUE(edits[1].second.set_note);
  EXPECT_EQ(edits[1].second.note, "");
  EXPECT_FALSE(edits[1].second.set_priority);
  auto big =
      backend(e, bhttp::verb::put, "/task", R"({"id":1,"note":")" + std::string(2000, 'x') + "\"}");
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.j()["code"], 10102);
}

TEST(http_server, backend_status_follows_the_transition_table) {
  env e;
  EXPECT_EQ(backend(e, bhttp::verb::put, "/task/status", R"({"id":201,"status":3})").body,
            R"({"code":0,"msg":"ok","error":""})");
  auto back = backend(e, bhttp::verb::put, "/task/status", R"({"id":201,"status":0})");
  EXPECT_EQ(back.status, 400);
  EXPECT_EQ(back.body, R"({"code":10121,"msg":"不能回退回pending状态","error":"invalid_status"})");
  EXPECT_EQ(backend(e, bhttp::verb::put, "/task/status", R"({"id":301,"status":1})").j()["code"],
            0);
  EXPECT_EQ(backend(e, bhttp::verb::put, "/task/status", R"({"id":301,"status":3})").j()["code"],
            10121);
  EXPECT_EQ(backend(e, bhttp::verb::put, "/task/status", R"({"id":101,"status":9})").j()["code"],
            10102);
  EXPECT_EQ(e.rec->copy(e.rec->cancels), std::vector<std::string>{"1718000000010201"});
}

TEST(http_server, backend_delete_and_tasks_page) {
  env e;
  auto r = backend(e, bhttp::verb::delete_, "/task", R"({"ids":[3,1,2]})");
  EXPECT_EQ(r.body, R"({"code":0,"msg":"ok","error":"","data":{"deleted":2}})");
  EXPECT_EQ(backend(e, bhttp::verb::delete_, "/task", R"({"ids":null})").j()["data"]["deleted"], 0);
  EXPECT_EQ(backend(e, bhttp::verb::delete_, "/task", R"({"ids":"x"})").j()["code"], 10102);
  EXPECT_EQ(e.rec->copy(e.rec->removals), (std::vector<std::vector<std::int64_t>>{{3, 1, 2}}));

  r = backend(e, bhttp::verb::get, "/tasks?offset=5&limit=0");
  EXPECT_EQ(r.body, R"({"code":0,"msg":"","error":"","total":7,"items":[]})");
  r = backend(e, bhttp::verb::get, "/tasks?all=1");
  EXPECT_EQ(r.j()["items"].size(), 2u);
  EXPECT_EQ(r.j()["items"][0],
            json::parse(R"({"id":0,"status":2,"type":"image","priority":0,"note":"",)"
                        R"("user":{"uid":0,"name":""}})"));
  EXPECT_EQ(backend(e, bhttp::verb::get, "/tasks?offset=-1").j()["code"], 10102);
  EXPECT_EQ(backend(e, bhttp::verb::get, "/tasks?limit=x").j()["code"], 10102);
  auto pages = e.rec->copy(e.rec->pages);
  ASSERT_EQ(pages.size(), 2u);
  const auto& q = pages[0].second;
  EXPECT_EQ(
      (std::tuple{q.user_id, q.offset, q.count_only, q.sort_field, q.descending}),
      (std::tuple{std::int64_t{1}, std::int64_t{5}, true, domain::task_sort_field::seq, true}));
  EXPECT_EQ(pages[1].second.user_id, 0);  // all=1 from an admin
  EXPECT_EQ(pages[1].second.page_size, 20);
  // Not a task route: the login routes answer it (hola with a live login).
  EXPECT_EQ(backend(e, bhttp::verb::get, "/hola").body, R"({"code":0,"msg":"","error":""})");
}

// -- Idempotency-Key (api-contracts.md §1.6) ---------------------------------------

struct temp_db {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("mjgate_idem_" + std::to_string(std::random_device{}()));
  temp_db() { std::filesystem::create_directories(dir); }
  ~temp_db() { std::filesystem::remove_all(dir); }
  std::string dsn() const { return "sqlite:" + (dir / "idem.db").string(); }
};

TEST(idempotency, every_dialect_replays_its_first_answer_and_runs_once) {
  temp_db db;
  env e{env::defaults(), db.dsn()};
  const header_list k1{auth[0], {"Content-Type", "application/json"}, {"Idempotency-Key", "k-1"}};
  auto first = e.post("/mj/submit/imagine", R"({"prompt":"ok"})", k1);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.j()["code"], 1);
  // The same key with another body and a speed prefix: the stored answer.
  auto again = e.post("/mj-fast/mj/submit/imagine", R"({"prompt":"queued"})", k1);
  EXPECT_EQ(again.status, first.status);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.headers["content-type"], first.headers["content-type"]);
  EXPECT_EQ(e.rec->copy(e.rec->submits).size(), 1u) << "ran once";
  // Without a key, or with another key, it runs.
  e.submit("ok");
  e.post("/mj/submit/imagine", R"({"prompt":"ok"})",
         {auth[0], {"Content-Type", "application/json"}, {"Idempotency-Key", "k-2"}});
  EXPECT_EQ(e.rec->copy(e.rec->submits).size(), 3u);
  // A follow-up route honours it too.
  const header_list f1{auth[0], {"Content-Type", "application/json"}, {"Idempotency-Key", "f-1"}};
  const std::string change = R"({"taskId":"1718000000000100","action":"UPSCALE","index":1})";
  auto c1 = e.post("/mj/submit/change", change, f1);
  auto c2 = e.post("/mj/submit/change", change, f1);
  EXPECT_EQ(c2.body, c1.body);
  EXPECT_EQ(e.rec->copy(e.rec->follow_ups).size(), 1u);
  // node-api: the same in its envelope.
  const header_list n1{auth[0], {"Idempotency-Key", "n-1"}};
  auto na = e.get("/api/v1/trigger/submit?action=IMAGINE&prompt=ok", n1);
  auto nb = e.get("/api/v1/trigger/submit?action=IMAGINE&prompt=ok", n1);
  EXPECT_EQ(na.status, 200);
  EXPECT_EQ(nb.body, na.body);
  EXPECT_EQ(e.rec->copy(e.rec->submits).size(), 4u);
}

TEST(idempotency, bad_keys_transient_answers_and_no_keeper) {
  temp_db db;
  env e{env::defaults(), db.dsn()};
  for (const std::string& bad : {std::string{"two words"}, std::string(129, 'x')}) {
    auto r = e.post("/mj/submit/imagine", R"({"prompt":"ok"})",
                    {auth[0], {"Content-Type", "application/json"}, {"Idempotency-Key", bad}});
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(r.j()["code"], 4);
    auto n = e.get("/api/v1/trigger/submit?action=IMAGINE&prompt=ok",
                   {auth[0], {"Idempotency-Key", bad}});
    EXPECT_EQ(n.status, 400);
    EXPECT_EQ(n.j()["code"], 0);
  }
  EXPECT_TRUE(e.rec->copy(e.rec->submits).empty()) << "nothing ran";
  // A transient answer (code 23) is not kept: the retry with the key runs.
  const header_list t1{auth[0], {"Content-Type", "application/json"}, {"Idempotency-Key", "t-1"}};
  EXPECT_EQ(e.post("/mj/submit/imagine", R"({"prompt":"err:queue_full"})", t1).j()["code"], 23);
  auto retried = e.post("/mj/submit/imagine", R"({"prompt":"ok"})", t1);
  EXPECT_EQ(retried.j()["code"], 1);
  EXPECT_EQ(e.rec->copy(e.rec->submits).size(), 2u);
  // A definite refusal (validation, code 4) is kept.
  const header_list v1{auth[0], {"Content-Type", "application/json"}, {"Idempotency-Key", "v-1"}};
  auto refused = e.post("/mj/submit/imagine", R"({"prompt":"err:validation"})", v1);
  EXPECT_EQ(e.post("/mj/submit/imagine", R"({"prompt":"ok"})", v1).body, refused.body);
  EXPECT_EQ(e.rec->copy(e.rec->submits).size(), 3u);

  env none;  // no keeper: a key is refused, never silently ignored
  auto r = none.post("/mj/submit/imagine", R"({"prompt":"ok"})", t1);
  EXPECT_EQ(r.status, 503);
  EXPECT_TRUE(none.rec->copy(none.rec->submits).empty());
  EXPECT_EQ(none.submit("ok").status, 200) << "without a key nothing changes";
}

TEST(idempotency, backend_create_task_replays) {
  temp_db db;
  env e{env::defaults(), db.dsn()};
  auto hdrs = backend_auth;
  hdrs.push_back({"Idempotency-Key", "b-1"});
  hdrs.push_back({"Content-Type", "application/json"});
  const std::string body = R"({"type":"image","input":"a cat"})";
  auto a = e.post("/backend/api/v1/task", body, hdrs);
  auto b = e.post("/backend/api/v1/task", body, hdrs);
  EXPECT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.j()["code"], 0);
  EXPECT_EQ(b.body, a.body);
  EXPECT_EQ(e.rec->copy(e.rec->submits).size(), 1u);
}

TEST(http_server, relay_callbacks_need_the_channel_secret_and_no_api_key) {
  env e;
  const std::string path = std::string{"/mj/relay-callback/7/"} + callback_secret;
  const std::string body = R"({"id":"up-1","status":"SUCCESS","progress":"100%"})";
  auto ok = e.post(path, body, {});
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(json::parse(ok.body)["code"], 1);
  for (const auto& bad :
       {std::string{"/mj/relay-callback/7/"} + std::string(32, 'f'),
        std::string{"/mj/relay-callback/8/"} + callback_secret,
        std::string{"/mj/relay-callback/7/not-hex"}, std::string{"/mj/relay-callback/7"}}) {
    auto refused = e.post(bad, body, {});
    EXPECT_EQ(refused.status, 403) << bad << " " << refused.body;
  }
  EXPECT_EQ(e.get(path, {}).status, 405);
  auto callbacks = e.rec->copy(e.rec->callbacks);
  ASSERT_EQ(callbacks.size(), 1u);
  EXPECT_EQ(callbacks[0].first, 7);
  EXPECT_EQ(callbacks[0].second, body);
}

}  // namespace
