// The simulator's server: one RESTinio port for REST, CDN, control API and the gateway
// WebSocket, plus the scripted bot on asio timers. All world state sits behind one mutex;
// every frame for a connection goes through that connection's strand, in the order the
// state lock produced it (the zlib stream depends on that order).
#include "sim/simulator.hpp"

#include <restinio/all.hpp>
#include <restinio/websocket/websocket.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "sim/bot_messages.hpp"
#include "sim/id_source.hpp"
#include "sim/image_bytes.hpp"
#include "sim/mj_text.hpp"
#include "sim/zlib_deflater.hpp"

namespace mjgate::sim {

namespace {

namespace asio = boost::asio;
namespace rws = restinio::websocket::basic;
using json = nlohmann::json;
using traits_t = restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>;
using server_t = restinio::http_server_t<traits_t>;
using strand_t = asio::strand<asio::io_context::executor_type>;
using ms = std::chrono::milliseconds;

constexpr const char* sim_version = "0.1.0";
constexpr std::size_t replay_limit = 5000;
constexpr std::size_t history_limit = 5000;
constexpr std::size_t jobs_limit = 1000;
constexpr std::size_t sessions_per_user = 8;
constexpr std::size_t queue_limit = 100;
constexpr std::size_t nonce_memory = 10000;

std::uint64_t now_unix_ms() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<ms>(std::chrono::system_clock::now().time_since_epoch()).count());
}

std::uint64_t to_u64(std::string_view s) {
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    char c = s[i];
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) parts.push_back(path.substr(i, j - i));
    i = j;
  }
  return parts;
}

int image_size_of(speed s) {
  switch (s) {
    case speed::bench:
      return 64;
    case speed::test:
      return 256;
    case speed::demo:
      return 1024;
  }
  return 256;
}

// -- world state ---------------------------------------------------------------------------

struct connection {
  connection(asio::io_context& io, std::uint64_t id_)
      : strand(asio::make_strand(io)), heartbeat_timer(io), id(id_) {}
  strand_t strand;
  rws::ws_handle_t ws;  // only touched on `strand`
  // The fields below are guarded by impl::mu_.
  asio::steady_timer heartbeat_timer;
  std::chrono::steady_clock::time_point heartbeat_deadline;
  std::unique_ptr<zlib_deflater> deflater;
  std::uint64_t id;
  int user = -1;
  std::string session_id;
  bool closed = false;
};
using connection_ptr = std::shared_ptr<connection>;

struct session_state {
  std::string id;
  int user = -1;
  std::uint64_t seq = 0;
  std::deque<std::pair<std::uint64_t, std::string>> replay;  // (s, payload)
  connection_ptr conn;                                       // the live connection, if any
};

enum class phase { ack, waiting, progress, remove, final_message, done };

struct job {
  int user = -1;
  job_context ctx;
  std::string nonce;
  std::string state = "submitted";
  int progress = 0;
  std::vector<std::string> message_ids;
  std::uint64_t seed = 0;
  std::string m1_id;
  bool banned = false, fail = false, stall = false, dropfinal = false, holds_slot = false;
  phase next = phase::ack;
  std::size_t progress_index = 0;
  std::vector<int> progress_steps;
  ms step_delay{1};
  std::shared_ptr<asio::steady_timer> timer;
};
using job_ptr = std::shared_ptr<job>;

struct user_state {
  sim_account account;
  std::vector<std::string> sessions;  // oldest first
  int running = 0;
  std::deque<job_ptr> queue;
  std::unordered_set<std::string> nonces;
  std::deque<std::string> nonce_order;
};

struct stats_counters {
  std::map<int, std::uint64_t> interactions_by_type;
  std::uint64_t interactions_rejected = 0, jobs_started = 0, jobs_finished = 0, jobs_failed = 0,
                jobs_banned = 0, jobs_queued = 0, gateway_connections = 0, identifies = 0,
                resumes = 0, resume_failures = 0, heartbeats = 0, session_mismatches = 0,
                duplicate_nonces = 0, rest_requests = 0, dispatches = 0;
};

struct reply_t {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
};

reply_t json_reply(int status, const json& body) {
  return {status, body.dump(), "application/json"};
}

const char* reason_of(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    default:
      return "Error";
  }
}

}  // namespace

// -- implementation ------------------------------------------------------------------------

struct simulator::impl {
  explicit impl(options o) : opts(std::move(o)), ids(opts.seed) {
    for (int i = 1; i <= opts.accounts; ++i) {
      user_state u;
      u.account = make_sim_account(i);
      token_index[u.account.token] = static_cast<int>(users.size());
      channel_index[u.account.channel_id] = static_cast<int>(users.size());
      users.push_back(std::move(u));
    }
  }

  // Member order matters for destruction: state, then the server, then the io_context.
  options opts;
  asio::io_context io;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  std::unique_ptr<server_t> server;
  std::uint16_t bound_port = 0;
  std::string public_base, ws_base;
  bool running = false;

  std::mutex mu;  // guards everything below
  bool stopping = false;
  id_source ids;
  std::vector<user_state> users;
  std::unordered_map<std::string, int> token_index, channel_index;
  std::unordered_map<std::string, session_state> sessions;
  std::unordered_map<std::uint64_t, connection_ptr> connections;
  std::uint64_t next_connection_id = 1;
  std::unordered_map<std::string, std::deque<json>> history;  // channel -> oldest first
  std::deque<job_ptr> recent_jobs;
  std::unordered_set<job_ptr> live_jobs;
  stats_counters stats;

  std::string snowflake() { return std::to_string(ids.next_snowflake(now_unix_ms())); }

  // -- frames (caller holds mu) --

  void post_frame(const connection_ptr& c, rws::opcode_t op, std::string bytes) {
    asio::post(c->strand, [c, op, bytes = std::move(bytes)]() mutable {
      if (!c->ws) return;
      try {
        c->ws->send_message(rws::final_frame, op, restinio::writable_item_t{std::move(bytes)});
      } catch (const std::exception&) {
        c->ws.reset();
      }
    });
  }

  void send_payload(const connection_ptr& c, const std::string& payload) {
    if (c->closed) return;
    if (c->deflater)
      post_frame(c, rws::opcode_t::binary_frame, c->deflater->compress(payload));
    else
      post_frame(c, rws::opcode_t::text_frame, payload);
  }

  void close_connection(const connection_ptr& c, std::uint16_t code, std::string reason) {
    if (c->closed) return;
    c->closed = true;
    c->heartbeat_timer.cancel();
    if (auto it = sessions.find(c->session_id); it != sessions.end() && it->second.conn == c)
      it->second.conn.reset();
    connections.erase(c->id);
    std::string payload = rws::status_code_to_bin(static_cast<rws::status_code_t>(code)) + reason;
    asio::post(c->strand, [c, payload = std::move(payload)]() mutable {
      if (!c->ws) return;
      try {
        c->ws->send_message(rws::final_frame, rws::opcode_t::connection_close_frame,
                            restinio::writable_item_t{std::move(payload)});
      } catch (const std::exception&) {
      }
      c->ws.reset();
    });
  }

  void arm_heartbeat(const connection_ptr& c) {
    auto window = ms{opts.heartbeat_interval_ms + opts.heartbeat_interval_ms / 2};
    c->heartbeat_deadline = std::chrono::steady_clock::now() + window;
    c->heartbeat_timer.expires_after(window);
    std::weak_ptr<connection> weak = c;
    c->heartbeat_timer.async_wait([this, weak](const boost::system::error_code& ec) {
      if (ec) return;
      std::lock_guard lock{mu};
      auto c = weak.lock();
      if (!c || c->closed || stopping) return;
      if (std::chrono::steady_clock::now() < c->heartbeat_deadline) return;  // re-armed meanwhile
      close_connection(c, 4009, "Session timed out");
    });
  }

  // -- dispatch (caller holds mu) --

  void dispatch(int user, std::string_view t, const json& d) {
    std::string body = d.dump();
    ++stats.dispatches;
    for (const auto& sid : users[static_cast<std::size_t>(user)].sessions) {
      auto it = sessions.find(sid);
      if (it == sessions.end()) continue;
      auto& s = it->second;
      ++s.seq;
      std::string payload = R"({"op":0,"t":")" + std::string{t} + R"(","s":)" +
                            std::to_string(s.seq) + R"(,"d":)" + body + "}";
      if (s.conn) send_payload(s.conn, payload);
      s.replay.emplace_back(s.seq, std::move(payload));
      if (s.replay.size() > replay_limit) s.replay.pop_front();
    }
  }

  void store_message(const json& m) {
    auto& h = history[m["channel_id"].get<std::string>()];
    h.push_back(m);
    if (h.size() > history_limit) h.pop_front();
  }

  void replace_message(const json& m) {
    auto& h = history[m["channel_id"].get<std::string>()];
    for (auto& x : h)
      if (x["id"] == m["id"]) x = m;
  }

  void erase_message(const std::string& channel, const std::string& id) {
    auto& h = history[channel];
    for (auto it = h.begin(); it != h.end(); ++it)
      if ((*it)["id"] == id) {
        h.erase(it);
        return;
      }
  }

  // Posts a bot message: kept in history, dispatched unless `silent`.
  void post_message(const job& j, const json& m, bool silent = false) {
    store_message(m);
    if (!silent) dispatch(j.user, "MESSAGE_CREATE", m);
  }

  // -- gateway -------------------------------------------------------------------------

  restinio::request_handling_status_t upgrade(const restinio::request_handle_t& req) {
    auto qp = restinio::parse_query(req->header().query());
    auto encoding = qp.get_param("encoding");
    auto compress = qp.get_param("compress");
    auto version = qp.get_param("v");
    bool bad_encoding = !encoding || *encoding != "json";
    bool bad_version = version && *version != "9" && *version != "10";
    bool zlib = compress && *compress == "zlib-stream";

    // The lock is held across the upgrade so no frame of this connection is handled before
    // HELLO is queued (reads start asynchronously; the handler never runs inline here).
    std::lock_guard lock{mu};
    if (stopping) return restinio::request_rejected();
    auto c = std::make_shared<connection>(io, next_connection_id++);
    std::weak_ptr<connection> weak = c;
    auto wsh = rws::upgrade<traits_t>(
        *req, rws::activation_t::immediate,
        [this, weak](rws::ws_handle_t, rws::message_handle_t m) { on_frame(weak, *m); });
    asio::post(c->strand, [c, wsh] { c->ws = wsh; });
    connections[c->id] = c;
    ++stats.gateway_connections;
    if (zlib) c->deflater = std::make_unique<zlib_deflater>();
    if (bad_encoding || bad_version) {
      close_connection(c, bad_encoding ? 4002 : 4012,
                       bad_encoding ? "Decode error" : "Invalid API version");
      return restinio::request_accepted();
    }
    json hello = {{"op", 10}, {"d", {{"heartbeat_interval", opts.heartbeat_interval_ms}}}};
    send_payload(c, hello.dump());
    arm_heartbeat(c);
    return restinio::request_accepted();
  }

  void on_frame(const std::weak_ptr<connection>& weak, rws::message_t& m) {
    std::lock_guard lock{mu};
    auto c = weak.lock();
    if (!c || c->closed) return;
    switch (m.opcode()) {
      case rws::opcode_t::connection_close_frame: {
        std::uint16_t code = 1000;
        const auto& p = m.payload();
        if (p.size() >= 2)
          code = static_cast<std::uint16_t>((static_cast<unsigned char>(p[0]) << 8) |
                                            static_cast<unsigned char>(p[1]));
        close_connection(c, code, "");
        return;
      }
      case rws::opcode_t::ping_frame:
        post_frame(c, rws::opcode_t::pong_frame, m.payload());
        return;
      case rws::opcode_t::text_frame:
      case rws::opcode_t::continuation_frame:
        on_payload(c, m.payload());
        return;
      default:
        close_connection(c, 4002, "Decode error");
        return;
    }
  }

  void on_payload(const connection_ptr& c, const std::string& text) {
    json msg = json::parse(text, nullptr, false);
    if (msg.is_discarded() || !msg.is_object() || !msg.contains("op") ||
        !msg["op"].is_number_integer()) {
      close_connection(c, 4002, "Decode error");
      return;
    }
    int op = msg["op"].get<int>();
    const json& d = msg.contains("d") ? msg["d"] : json{};
    switch (op) {
      case 1:
        ++stats.heartbeats;
        arm_heartbeat(c);
        send_payload(c, R"({"op":11})");
        return;
      case 2:
        on_identify(c, d);
        return;
      case 6:
        on_resume(c, d);
        return;
      case 3:
      case 4:
      case 8:
      case 13:
      case 14:
        if (c->user < 0) close_connection(c, 4003, "Not authenticated");
        return;  // presence, voice, member requests, guild subscriptions: accepted, ignored
      default:
        close_connection(c, c->user < 0 ? 4003 : 4001,
                         c->user < 0 ? "Not authenticated" : "Unknown opcode");
        return;
    }
  }

  static std::string string_field(const json& d, const char* key) {
    if (d.is_object() && d.contains(key) && d[key].is_string()) return d[key].get<std::string>();
    return {};
  }

  void attach(const connection_ptr& c, session_state& s) {
    if (s.conn && s.conn != c) close_connection(s.conn, 4000, "Session moved");
    s.conn = c;
    c->user = s.user;
    c->session_id = s.id;
  }

  void on_identify(const connection_ptr& c, const json& d) {
    if (c->user >= 0) {
      close_connection(c, 4005, "Already authenticated");
      return;
    }
    ++stats.identifies;
    auto it = token_index.find(string_field(d, "token"));
    if (it == token_index.end()) {
      close_connection(c, 4004, "Authentication failed");
      return;
    }
    auto& u = users[static_cast<std::size_t>(it->second)];
    session_state s;
    s.id = ids.next_hex32();
    s.user = it->second;
    auto sid = s.id;
    sessions.emplace(sid, std::move(s));
    u.sessions.push_back(sid);
    attach(c, sessions[sid]);
    if (u.sessions.size() > sessions_per_user) {
      // Forget the oldest session without a live connection.
      for (auto i = u.sessions.begin(); i != u.sessions.end(); ++i) {
        auto& old = sessions[*i];
        if (!old.conn) {
          sessions.erase(*i);
          u.sessions.erase(i);
          break;
        }
      }
    }
    const auto& a = u.account;
    json ready = {{"v", 9},
                  {"user",
                   {{"id", a.user_id},
                    {"username", a.username},
                    {"discriminator", "0"},
                    {"global_name", a.username},
                    {"avatar", nullptr},
                    {"bot", false},
                    {"verified", true},
                    {"mfa_enabled", false}}},
                  {"session_id", sid},
                  {"session_type", "normal"},
                  {"resume_gateway_url", ws_base + "/gateway/resume"},
                  {"guilds", json::array({{{"id", a.guild_id}}})},
                  {"private_channels", json::array()},
                  {"relationships", json::array()},
                  {"user_settings", json::object()}};
    dispatch_to_session(sessions[sid], "READY", ready);
  }

  void on_resume(const connection_ptr& c, const json& d) {
    if (c->user >= 0) {
      close_connection(c, 4005, "Already authenticated");
      return;
    }
    ++stats.resumes;
    auto token = token_index.find(string_field(d, "token"));
    auto it = sessions.find(string_field(d, "session_id"));
    bool ok = token != token_index.end() && it != sessions.end() &&
              it->second.user == token->second && d.contains("seq") &&
              d["seq"].is_number_unsigned();
    std::uint64_t seq = ok ? d["seq"].get<std::uint64_t>() : 0;
    if (ok) {
      auto& s = it->second;
      std::uint64_t oldest = s.replay.empty() ? s.seq + 1 : s.replay.front().first;
      ok = seq <= s.seq && seq + 1 >= oldest;
    }
    if (!ok) {
      ++stats.resume_failures;
      send_payload(c, R"({"op":9,"d":false})");
      return;
    }
    auto& s = it->second;
    attach(c, s);
    for (const auto& [n, payload] : s.replay)
      if (n > seq) send_payload(c, payload);
    dispatch_to_session(s, "RESUMED", json::object());
  }

  void dispatch_to_session(session_state& s, std::string_view t, const json& d) {
    ++s.seq;
    std::string payload = R"({"op":0,"t":")" + std::string{t} + R"(","s":)" +
                          std::to_string(s.seq) + R"(,"d":)" + d.dump() + "}";
    if (s.conn) send_payload(s.conn, payload);
    s.replay.emplace_back(s.seq, std::move(payload));
    if (s.replay.size() > replay_limit) s.replay.pop_front();
  }

  // -- bot script ------------------------------------------------------------------------

  void schedule(const job_ptr& j, ms delay) {
    if (!j->timer) j->timer = std::make_shared<asio::steady_timer>(io);
    j->timer->expires_after(delay);
    j->timer->async_wait([this, j](const boost::system::error_code& ec) {
      if (ec) return;
      std::lock_guard lock{mu};
      if (stopping) return;
      advance(j);
    });
  }

  void finish(const job_ptr& j, std::string state) {
    j->state = std::move(state);
    j->next = phase::done;
    live_jobs.erase(j);
    if (j->holds_slot) {
      j->holds_slot = false;
      auto& u = users[static_cast<std::size_t>(j->user)];
      --u.running;
      if (!u.queue.empty()) {
        auto next = u.queue.front();
        u.queue.pop_front();
        admit(next);
      }
    }
  }

  void admit(const job_ptr& j) {
    auto& u = users[static_cast<std::size_t>(j->user)];
    ++u.running;
    j->holds_slot = true;
    j->next = phase::waiting;
    ++stats.jobs_started;
    schedule(j, j->step_delay);
  }

  void advance(const job_ptr& j) {
    auto& ctx = j->ctx;
    switch (j->next) {
      case phase::ack: {
        json ev = {{"id", ctx.interaction_id}, {"nonce", j->nonce}};
        dispatch(j->user, "INTERACTION_CREATE", ev);
        dispatch(j->user, "INTERACTION_SUCCESS", ev);
        if (j->banned || j->fail) {
          auto id = snowflake();
          j->message_ids.push_back(id);
          post_message(*j, j->banned ? banned_message(ctx, id, j->nonce)
                                     : failed_message(ctx, id, j->nonce));
          if (j->banned) ++stats.jobs_banned;
          ++stats.jobs_failed;
          finish(j, j->banned ? "banned" : "failed");
          return;
        }
        auto& u = users[static_cast<std::size_t>(j->user)];
        if (u.running < opts.plan_concurrency) {
          admit(j);
          return;
        }
        auto id = snowflake();
        if (u.queue.size() >= queue_limit) {
          j->message_ids.push_back(id);
          post_message(*j, failed_message(ctx, id, j->nonce));
          ++stats.jobs_failed;
          finish(j, "failed");
          return;
        }
        u.queue.push_back(j);
        ++stats.jobs_queued;
        j->state = "queued";
        post_message(*j, queued_message(ctx, id, j->nonce, static_cast<int>(u.queue.size())));
        return;
      }
      case phase::waiting: {
        j->m1_id = snowflake();
        j->message_ids.push_back(j->m1_id);
        j->state = "running";
        post_message(*j, waiting_message(ctx, j->m1_id, j->nonce));
        j->next = phase::progress;
        schedule(j, j->step_delay);
        return;
      }
      case phase::progress: {
        int percent = j->progress_steps[j->progress_index++];
        j->progress = percent;
        json m = progress_message(ctx, j->m1_id, percent, snowflake(), 1);
        replace_message(m);
        dispatch(j->user, "MESSAGE_UPDATE", m);
        if (j->stall) {
          j->state = "stalled";
          live_jobs.erase(j);
          return;  // never continues: tests time-outs
        }
        if (j->progress_index >= j->progress_steps.size()) j->next = phase::remove;
        schedule(j, j->step_delay);
        return;
      }
      case phase::remove: {
        erase_message(ctx.channel_id, j->m1_id);
        dispatch(j->user, "MESSAGE_DELETE",
                 {{"id", j->m1_id}, {"channel_id", ctx.channel_id}, {"guild_id", ctx.guild_id}});
        j->next = phase::final_message;
        schedule(j, j->step_delay);
        return;
      }
      case phase::final_message: {
        auto id = snowflake();
        auto attachment = snowflake();
        int size = image_size_of(opts.pace);
        std::string filename =
            ctx.username + "_" + prompt_slug(ctx.prompt_echo) + "_" + ctx.hash + ".png";
        auto bytes = make_grid_png(ctx.hash, size).size();
        j->message_ids.push_back(id);
        j->progress = 100;
        post_message(*j, final_message(ctx, id, attachment, filename, size, bytes), j->dropfinal);
        ++stats.jobs_finished;
        finish(j, "success");
        return;
      }
      case phase::done:
        return;
    }
  }

  void start_imagine(int user, std::string nonce, const std::string& prompt) {
    auto& u = users[static_cast<std::size_t>(user)];
    auto j = std::make_shared<job>();
    j->user = user;
    j->nonce = std::move(nonce);
    j->ctx = {u.account.channel_id, u.account.guild_id,     u.account.user_id, u.account.username,
              snowflake(),          rewrite_prompt(prompt), ids.next_uuid(),   public_base};
    j->seed = ids.uniform(0, 4294967295ULL);
    j->banned = has_scenario(prompt, "banned");
    for (const auto& w : opts.banned_words) j->banned = j->banned || contains_word(prompt, w);
    j->fail = has_scenario(prompt, "fail");
    j->stall = has_scenario(prompt, "stall");
    j->dropfinal = has_scenario(prompt, "dropfinal");
    ms first{50};
    switch (opts.pace) {
      case speed::bench:
        j->progress_steps = {0, 62};
        j->step_delay = ms{1};
        break;
      case speed::test:
        j->progress_steps = {0, 46, 93};
        first += ms{ids.uniform(0, 30)};
        j->step_delay = ms{ids.uniform(150, 420) / (j->progress_steps.size() + 3)};
        break;
      case speed::demo: {
        std::vector<int> all = {0, 15, 31, 46, 62, 78, 93};
        auto drop = ids.uniform(0, 2);
        for (std::uint64_t k = 0; k < drop; ++k)
          all.erase(all.begin() + static_cast<std::ptrdiff_t>(ids.uniform(1, all.size() - 2)));
        j->progress_steps = all;
        first = ms{ids.uniform(1000, 3000)};
        j->step_delay = ms{ids.uniform(18000, 37000) / (j->progress_steps.size() + 3)};
        break;
      }
    }
    live_jobs.insert(j);
    recent_jobs.push_back(j);
    if (recent_jobs.size() > jobs_limit) recent_jobs.pop_front();
    schedule(j, first);
  }

  // -- REST ------------------------------------------------------------------------------

  int user_of(const restinio::request_handle_t& req) {
    const auto& h = req->header();
    if (!h.has_field(restinio::http_field::authorization)) return -1;
    auto it = token_index.find(h.get_field(restinio::http_field::authorization));
    return it == token_index.end() ? -1 : it->second;
  }

  static reply_t unauthorized() { return json_reply(401, error_body(0, "401: Unauthorized")); }
  static reply_t missing_access() { return json_reply(403, error_body(50001, "Missing Access")); }

  reply_t post_interaction(const restinio::request_handle_t& req) {
    int user = user_of(req);
    if (user < 0) return unauthorized();
    json body = json::parse(req->body(), nullptr, false);
    if (body.is_discarded() || !body.is_object())
      return json_reply(400, error_body(50109, "The request body contains invalid JSON."));
    int type =
        body.contains("type") && body["type"].is_number_integer() ? body["type"].get<int>() : 0;
    ++stats.interactions_by_type[type];
    auto reject = [&](reply_t r) {
      ++stats.interactions_rejected;
      return r;
    };
    const auto& u = users[static_cast<std::size_t>(user)];
    if (string_field(body, "channel_id") != u.account.channel_id) return reject(missing_access());
    if (body.contains("guild_id") && string_field(body, "guild_id") != u.account.guild_id)
      return reject(missing_access());
    if (string_field(body, "application_id") != mj_bot_id)
      return reject(json_reply(
          400, form_error_body("application_id", "UNKNOWN_APPLICATION", "Unknown application")));
    auto nonce = string_field(body, "nonce");
    if (nonce.empty() || nonce.size() > 25 || to_u64(nonce) == 0)
      return reject(json_reply(
          400, form_error_body("nonce", "NONCE_TYPE_INVALID", "Nonce must be a snowflake")));
    if (type != 2)
      return reject(json_reply(400, form_error_body("type", "INTERACTION_TYPE_UNSUPPORTED",
                                                    "This interaction type is not simulated")));
    const json& data = body.contains("data") ? body["data"] : json{};
    if (string_field(data, "name") != "imagine" || string_field(data, "id") != imagine_command_id ||
        string_field(data, "version") != imagine_command_version)
      return reject(json_reply(400, invalid_version_body()));
    std::string prompt;
    if (data.contains("options") && data["options"].is_array())
      for (const auto& o : data["options"])
        if (string_field(o, "name") == "prompt") prompt = string_field(o, "value");
    if (prompt.empty())
      return reject(json_reply(
          400, form_error_body("data", "BASE_TYPE_REQUIRED", "The prompt option is required")));
    auto session = string_field(body, "session_id");
    auto sit = sessions.find(session);
    if (sit == sessions.end() || sit->second.user != user || !sit->second.conn)
      ++stats.session_mismatches;  // recorded, accepted (strict_session is a later feature)
    auto& mu_user = users[static_cast<std::size_t>(user)];
    if (!mu_user.nonces.insert(nonce).second) {
      ++stats.duplicate_nonces;
    } else {
      mu_user.nonce_order.push_back(nonce);
      if (mu_user.nonce_order.size() > nonce_memory) {
        mu_user.nonces.erase(mu_user.nonce_order.front());
        mu_user.nonce_order.pop_front();
      }
    }
    start_imagine(user, nonce, prompt);
    return {204, "", ""};
  }

  reply_t get_messages(const restinio::request_handle_t& req, const std::string& channel) {
    int user = user_of(req);
    if (user < 0) return unauthorized();
    auto owner = channel_index.find(channel);
    if (owner == channel_index.end()) return json_reply(404, error_body(10003, "Unknown Channel"));
    if (owner->second != user) return missing_access();
    auto qp = restinio::parse_query(req->header().query());
    std::uint64_t limit = 50;
    if (auto l = qp.get_param("limit")) limit = to_u64(*l);
    if (limit < 1 || limit > 100)
      return json_reply(400,
                        form_error_body("limit", "NUMBER_TYPE_MAX", "Must be between 1 and 100."));
    std::uint64_t after = 0, before = UINT64_MAX;
    if (auto a = qp.get_param("after")) after = to_u64(*a);
    if (auto b = qp.get_param("before")) before = to_u64(*b);
    json out = json::array();
    auto& h = history[channel];
    if (after > 0) {
      // The oldest `limit` messages after the cursor, returned newest first.
      std::vector<const json*> picked;
      for (const auto& m : h) {
        auto id = to_u64(m["id"].get<std::string>());
        if (id > after && id < before) picked.push_back(&m);
        if (picked.size() == limit) break;
      }
      for (auto it = picked.rbegin(); it != picked.rend(); ++it) out.push_back(**it);
    } else {
      for (auto it = h.rbegin(); it != h.rend() && out.size() < limit; ++it)
        if (to_u64((*it)["id"].get<std::string>()) < before) out.push_back(*it);
    }
    return json_reply(200, out);
  }

  reply_t serve_cdn(std::string_view name) {
    if (ends_with(name, "_grid_0.webp")) return {200, tiny_webp(), "image/webp"};
    if (ends_with(name, ".png") && name.size() >= 40) {
      auto hash = name.substr(name.size() - 40, 36);
      if (is_uuid(hash)) return {200, make_grid_png(hash, image_size_of(opts.pace)), "image/png"};
    }
    return json_reply(404, error_body(0, "404: Not Found"));
  }

  reply_t control(std::string_view what) {
    if (what == "health")
      return json_reply(
          200, {{"ok", true}, {"version", sim_version}, {"seed", opts.seed}, {"clock", "real"}});
    if (what == "stats") {
      json by_type = json::object();
      for (const auto& [t, n] : stats.interactions_by_type) by_type[std::to_string(t)] = n;
      return json_reply(
          200, {{"interactions", {{"by_type", by_type}, {"rejected", stats.interactions_rejected}}},
                {"jobs",
                 {{"started", stats.jobs_started},
                  {"finished", stats.jobs_finished},
                  {"failed", stats.jobs_failed},
                  {"banned", stats.jobs_banned},
                  {"queued", stats.jobs_queued},
                  {"live", live_jobs.size()}}},
                {"gateway",
                 {{"connections", stats.gateway_connections},
                  {"open_connections", connections.size()},
                  {"identifies", stats.identifies},
                  {"resumes", stats.resumes},
                  {"resume_failures", stats.resume_failures},
                  {"heartbeats", stats.heartbeats},
                  {"dispatches", stats.dispatches}}},
                {"session_mismatches", stats.session_mismatches},
                {"duplicate_nonces", stats.duplicate_nonces},
                {"rest_requests", stats.rest_requests}});
    }
    if (what == "jobs") {
      json out = json::array();
      for (const auto& j : recent_jobs)
        out.push_back({{"hash", j->ctx.hash},
                       {"user", j->ctx.user_id},
                       {"channel", j->ctx.channel_id},
                       {"nonce", j->nonce},
                       {"interaction_id", j->ctx.interaction_id},
                       {"state", j->state},
                       {"progress", j->progress},
                       {"message_ids", j->message_ids},
                       {"seed", j->seed}});
      return json_reply(200, out);
    }
    return json_reply(404, error_body(0, "404: Not Found"));
  }

  reply_t route(const restinio::request_handle_t& req) {
    const auto method = req->header().method();
    const bool get = method == restinio::http_method_get();
    const bool post = method == restinio::http_method_post();
    auto parts = split_path(req->header().path());
    std::lock_guard lock{mu};
    ++stats.rest_requests;
    if (parts.size() >= 2 && parts[0] == "api" && (parts[1] == "v9" || parts[1] == "v10")) {
      std::vector<std::string_view> p(parts.begin() + 2, parts.end());
      if (get && p.size() == 1 && p[0] == "gateway")
        return json_reply(200, {{"url", ws_base + "/gateway"}});
      if (get && p.size() == 2 && p[0] == "users" && p[1] == "@me") {
        int user = user_of(req);
        if (user < 0) return unauthorized();
        const auto& a = users[static_cast<std::size_t>(user)].account;
        return json_reply(200, {{"id", a.user_id},
                                {"username", a.username},
                                {"discriminator", "0"},
                                {"global_name", a.username},
                                {"avatar", nullptr},
                                {"bot", false},
                                {"verified", true},
                                {"mfa_enabled", false},
                                {"locale", "en-US"}});
      }
      if (post && p.size() == 1 && p[0] == "interactions") return post_interaction(req);
      if (get && p.size() == 3 && p[0] == "channels" && p[2] == "messages")
        return get_messages(req, std::string{p[1]});
      bool search =
          p.size() == 4 && p[0] == "channels" && p[2] == "application-commands" && p[3] == "search";
      bool index = p.size() == 3 && (p[0] == "channels" || p[0] == "guilds") &&
                   p[2] == "application-command-index";
      if (get && (search || index)) {
        int user = user_of(req);
        if (user < 0) return unauthorized();
        const auto& a = users[static_cast<std::size_t>(user)].account;
        if (p[0] == "channels" ? p[1] != a.channel_id : p[1] != a.guild_id) return missing_access();
        return json_reply(200, command_search_body());
      }
      return json_reply(404, error_body(0, "404: Not Found"));
    }
    if (get && parts.size() == 5 && (parts[0] == "cdn" || parts[0] == "media") &&
        parts[1] == "attachments")
      return serve_cdn(parts[4]);
    if (get && parts.size() == 3 && parts[0] == "mjweb" && parts[1] == "jobs")
      return {200, "<html><body>job " + std::string{parts[2]} + "</body></html>", "text/html"};
    if (get && parts.size() == 2 && parts[0] == "_sim") return control(parts[1]);
    return json_reply(404, error_body(0, "404: Not Found"));
  }

  restinio::request_handling_status_t handle(restinio::request_handle_t req) {
    auto parts = split_path(req->header().path());
    bool is_gateway = !parts.empty() && parts[0] == "gateway" &&
                      (parts.size() == 1 || (parts.size() == 2 && parts[1] == "resume"));
    if (is_gateway && restinio::http_connection_header_t::upgrade == req->header().connection())
      return upgrade(req);
    reply_t r;
    try {
      r = route(req);
    } catch (const std::exception& e) {
      r = json_reply(500, error_body(0, std::string{"500: "} + e.what()));
    }
    auto resp = req->create_response(restinio::http_status_line_t{
        restinio::http_status_code_t{static_cast<std::uint16_t>(r.status)}, reason_of(r.status)});
    if (!r.content_type.empty())
      resp.append_header(restinio::http_field::content_type, r.content_type);
    resp.set_body(std::move(r.body));
    return resp.done();
  }

  // -- lifecycle -------------------------------------------------------------------------

  void start() {
    if (running) return;
    work.emplace(asio::make_work_guard(io));
    std::promise<void> opened;
    auto settings =
        restinio::server_settings_t<traits_t>{}
            .address(opts.host)
            .port(opts.port)
            .request_handler(
                [this](restinio::request_handle_t req) { return handle(std::move(req)); })
            .acceptor_post_bind_hook(
                [this](asio::ip::tcp::acceptor& a) { bound_port = a.local_endpoint().port(); })
            .handle_request_timeout(std::chrono::seconds{30})
            .incoming_http_msg_limits(
                restinio::incoming_http_msg_limits_t{}.max_body_size(32u << 20).max_url_size(8192));
    server = std::make_unique<server_t>(restinio::external_io_context(io), std::move(settings));
    server->open_async([&opened] { opened.set_value(); },
                       [&opened](std::exception_ptr ex) { opened.set_exception(ex); });
    auto n = std::max(1u, opts.threads);
    for (unsigned i = 0; i < n; ++i) threads.emplace_back([this] { io.run(); });
    try {
      opened.get_future().get();
    } catch (...) {
      work.reset();
      io.stop();
      for (auto& t : threads) t.join();
      threads.clear();
      throw;
    }
    std::string host_base = "http://" + opts.host + ":" + std::to_string(bound_port);
    public_base = opts.public_base.empty() ? host_base : opts.public_base;
    while (!public_base.empty() && public_base.back() == '/') public_base.pop_back();
    ws_base = public_base.rfind("https://", 0) == 0  ? "wss://" + public_base.substr(8)
              : public_base.rfind("http://", 0) == 0 ? "ws://" + public_base.substr(7)
                                                     : public_base;
    running = true;
  }

  void stop() {
    if (!running) return;
    {
      std::lock_guard lock{mu};
      stopping = true;
      auto open = connections;
      for (auto& [id, c] : open) close_connection(c, 1001, "Going away");
      for (const auto& j : live_jobs)
        if (j->timer) j->timer->cancel();
    }
    std::promise<void> closed;
    server->close_async([&closed] { closed.set_value(); },
                        [&closed](std::exception_ptr) { closed.set_value(); });
    closed.get_future().wait_for(std::chrono::seconds{5});
    work.reset();
    io.stop();
    for (auto& t : threads) t.join();
    threads.clear();
    running = false;
  }
};

// -- public API -----------------------------------------------------------------------------

sim_account make_sim_account(int i) {
  return {"sim-token-" + std::to_string(i), std::to_string(1300000000000000000ULL + i),
          "simuser" + std::to_string(i), "1100000000000000001",
          std::to_string(1200000000000000000ULL + i)};
}

std::optional<speed> parse_speed(std::string_view text) {
  if (text == "bench") return speed::bench;
  if (text == "test") return speed::test;
  if (text == "demo") return speed::demo;
  return std::nullopt;
}

simulator::simulator(options opts) : impl_(std::make_unique<impl>(std::move(opts))) {}
simulator::~simulator() {
  stop();
}
void simulator::start() {
  impl_->start();
}
void simulator::stop() {
  impl_->stop();
}
std::uint16_t simulator::port() const {
  return impl_->bound_port;
}
std::string simulator::base_url() const {
  return "http://" + impl_->opts.host + ":" + std::to_string(impl_->bound_port);
}

}  // namespace mjgate::sim
