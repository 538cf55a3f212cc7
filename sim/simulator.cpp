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
#include <cmath>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "sim/bot_messages.hpp"
#include "sim/custom_ids.hpp"
#include "sim/http_proxy.hpp"
#include "sim/id_source.hpp"
#include "sim/image_bytes.hpp"
#include "sim/mj_text.hpp"
#include "sim/suno_upstream.hpp"
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

constexpr const char* sim_version = "0.2.0";
constexpr std::size_t replay_limit = 5000;
constexpr std::size_t history_limit = 5000;
constexpr std::size_t jobs_limit = 1000;
constexpr std::size_t sessions_per_user = 8;
constexpr std::size_t queue_limit = 100;
constexpr std::size_t nonce_memory = 10000;
constexpr std::size_t modal_limit = 1000;
constexpr std::size_t upload_limit = 256;
constexpr std::uint64_t upload_max_bytes = 25u << 20;
constexpr std::size_t stored_bytes_limit = 128u << 20;  // uploads + served files, each
constexpr std::uint64_t dm_channel_base_mj = 1400000000000000000ULL;
constexpr std::uint64_t dm_channel_base_niji = 1500000000000000000ULL;
constexpr double fast_hours_per_job = 0.01;

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

struct job;
using job_ptr = std::shared_ptr<job>;

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
  std::string action = "imagine", custom_id, parent_hash, prompt;
  click_result kind = click_result::grid;
  std::uint64_t final_sent_ms = 0;
  bool skip_ack = false;                // a region job started by submit-job: no interaction events
  std::string ack_event;                // "" = INTERACTION_SUCCESS; else a modal event type
  json ack_event_d;                     // its `d`
  std::string error_title, error_text;  // a refusal embed instead of a run
  std::vector<std::pair<std::string, std::string>> error_buttons;
  std::function<std::string(job&)> reply;  // non-image replies after the ack; the end state
  json final_json;                         // the posted result (for /show)
  phase next = phase::ack;
  std::size_t progress_index = 0;
  std::vector<int> progress_steps;
  ms step_delay{1};
  ms first_delay{50};
  std::shared_ptr<asio::steady_timer> timer;
};

// An open modal or iframe editor, waiting for its type 5 submit or its submit-job call.
struct modal_state {
  int user = -1;
  std::string bot_id, channel_id, guild_id, custom_id, field_id, parent_message_id,
      click_interaction_id, click_nonce;
  click_action action;
  bool remix = false;
  std::string prefill;
};

struct upload_state {
  int user = -1;
  std::string channel, filename, upload_filename;
  std::uint64_t size = 0;
  bool done = false;
  std::string bytes;
};

struct stored_file {
  std::string bytes, content_type;
};

struct user_state {
  sim_account account;
  user_profile profile;
  bool token_disabled = false, captcha_pending = false, subscription_required = false,
       tos_accepted = true;
  int drop_acks = 0, drop_events = 0;
  int rate_per_second = 0;  // 0 = no limiter
  std::string captcha_hash;
  std::deque<std::chrono::steady_clock::time_point> recent_requests;
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
                duplicate_nonces = 0, rest_requests = 0, dispatches = 0, dropped_events = 0,
                dropped_acks = 0, faults_fired = 0, rate_limited = 0, modals_opened = 0,
                uploads_with_authorization = 0, wrong_message_flags = 0;
};

struct reply_t {
  reply_t(int s = 200, std::string b = {}, std::string type = "application/json")
      : status(s), body(std::move(b)), content_type(std::move(type)) {}
  int status;
  std::string body;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;
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
    case 429:
      return "Too Many Requests";
    default:
      return "Error";
  }
}

}  // namespace

// -- implementation ------------------------------------------------------------------------

struct simulator::impl {
  explicit impl(options o) : opts(std::move(o)), ids(opts.seed), commands(default_commands()) {
    const int pace_step = opts.pace == speed::bench ? 0 : opts.pace == speed::test ? 400 : 8000;
    suno.emplace(opts.suno_keys, opts.suno_step_ms > 0 ? opts.suno_step_ms : pace_step);
    for (int i = 1; i <= opts.accounts; ++i) {
      user_state u;
      u.account = make_sim_account(i);
      int index = static_cast<int>(users.size());
      token_index[u.account.token] = index;
      channel_index[u.account.channel_id] = index;
      dm_index[dm_channel_id(i, mj_bot_id)] = {index, std::string{mj_bot_id}};
      dm_index[dm_channel_id(i, niji_bot_id)] = {index, std::string{niji_bot_id}};
      users.push_back(std::move(u));
    }
  }

  static std::string dm_channel_id(int account, std::string_view bot) {
    return std::to_string((bot == niji_bot_id ? dm_channel_base_niji : dm_channel_base_mj) +
                          static_cast<std::uint64_t>(account));
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

  std::mutex mu;                      // guards everything below
  std::optional<suno_upstream> suno;  // the Suno upstream (/suno/*), made in the constructor
  std::unique_ptr<http_proxy> proxy;  // thread-safe itself; set in start(), reset after stop()
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
  std::vector<command_row> commands;
  std::unordered_map<std::string, std::pair<int, std::string>> dm_index;  // channel -> user, bot
  std::unordered_map<std::string, modal_state> modals;  // modal or iframe id -> state
  std::deque<std::string> modal_order;
  std::unordered_map<std::string, upload_state> uploads;  // upload id -> state
  std::deque<std::string> upload_order;
  std::unordered_map<std::string, stored_file> files;  // attachment id -> bytes
  std::deque<std::string> file_order;
  std::size_t file_bytes = 0, upload_bytes = 0;
  std::unordered_map<std::string, std::string> show_messages;  // message id -> job hash

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
    auto& owner = users[static_cast<std::size_t>(user)];
    if (owner.drop_events > 0) {  // a fault: lost on the wire, still in channel history
      --owner.drop_events;
      ++stats.dropped_events;
      return;
    }
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
        if (c->user >= 0 && users[static_cast<std::size_t>(c->user)].drop_acks > 0) {
          --users[static_cast<std::size_t>(c->user)].drop_acks;
          ++stats.dropped_acks;
          return;
        }
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
    if (it == token_index.end() || users[static_cast<std::size_t>(it->second)].token_disabled) {
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
    if (token != token_index.end() &&
        users[static_cast<std::size_t>(token->second)].token_disabled) {
      close_connection(c, 4004, "Authentication failed");
      return;
    }
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

  user_state& user_at(int user) { return users[static_cast<std::size_t>(user)]; }

  void finish(const job_ptr& j, std::string state) {
    j->state = std::move(state);
    j->next = phase::done;
    live_jobs.erase(j);
    if (j->holds_slot) {
      j->holds_slot = false;
      auto& u = user_at(j->user);
      --u.running;
      if (!u.queue.empty()) {
        auto next = u.queue.front();
        u.queue.pop_front();
        admit(next);
      }
    }
  }

  void admit(const job_ptr& j) {
    auto& u = user_at(j->user);
    ++u.running;
    j->holds_slot = true;
    j->next = phase::waiting;
    ++stats.jobs_started;
    schedule(j, j->step_delay);
  }

  // Posts the job's refusal (banned, failed or an error embed) and ends it.
  void refuse(const job_ptr& j) {
    auto& ctx = j->ctx;
    auto id = snowflake();
    j->message_ids.push_back(id);
    if (j->banned)
      post_message(*j, banned_message(ctx, id, j->nonce));
    else if (j->fail)
      post_message(*j, failed_message(ctx, id, j->nonce));
    else
      post_message(
          *j, embed_reply(ctx, id, j->nonce, j->error_title, j->error_text,
                          j->error_title == "Job queued" ? 16776960 : 16711680, j->error_buttons));
    if (j->banned) ++stats.jobs_banned;
    ++stats.jobs_failed;
    finish(j, j->banned ? "banned" : "failed");
  }

  json final_of(const job_ptr& j, const std::string& id, const std::string& attachment) {
    auto& ctx = j->ctx;
    int size = image_size_of(opts.pace);
    std::string stem = ctx.username + "_" + prompt_slug(ctx.prompt_echo) + "_" + ctx.hash;
    switch (j->kind) {
      case click_result::single:
      case click_result::hd:
        if (j->action == "video_upsample")
          return video_message(ctx, id, attachment, stem + ".mp4", make_video_mp4(ctx.hash).size());
        return single_image_message(ctx, id, attachment, stem + ".png", size,
                                    make_grid_png(ctx.hash, size).size());
      case click_result::video:
        return video_message(ctx, id, attachment, stem + ".mp4", make_video_mp4(ctx.hash).size());
      default:
        return final_message(ctx, id, attachment, stem + ".png", size,
                             make_grid_png(ctx.hash, size).size());
    }
  }

  void advance(const job_ptr& j) {
    auto& ctx = j->ctx;
    switch (j->next) {
      case phase::ack: {
        if (!j->skip_ack) {
          json ev = {{"id", ctx.interaction_id}, {"nonce", j->nonce}};
          dispatch(j->user, "INTERACTION_CREATE", ev);
          if (!j->ack_event.empty()) {
            dispatch(j->user, j->ack_event, j->ack_event_d);
            ++stats.modals_opened;
            finish(j, "modal");
            return;
          }
          dispatch(j->user, "INTERACTION_SUCCESS", ev);
        }
        if (j->reply) {
          finish(j, j->reply(*j));
          return;
        }
        if (j->banned || j->fail || !j->error_title.empty()) {
          refuse(j);
          return;
        }
        if (j->kind == click_result::single) {  // a U pick takes no slot
          j->state = "running";
          j->next = phase::final_message;
          schedule(j, j->step_delay);
          return;
        }
        auto& u = user_at(j->user);
        bool notice = has_scenario(j->prompt, "jobqueued");
        if (u.running < opts.plan_concurrency && !notice) {
          admit(j);
          return;
        }
        auto id = snowflake();
        if (u.queue.size() >= queue_limit) {
          j->message_ids.push_back(id);
          post_message(*j, embed_reply(ctx, id, j->nonce, "Queue full",
                                       "Your job queue is full. Please wait for a job to finish "
                                       "first, then resubmit this one.",
                                       16711680));
          ++stats.jobs_failed;
          finish(j, "failed");
          return;
        }
        ++stats.jobs_queued;
        if (u.running < opts.plan_concurrency) {  // #sim:jobqueued: the notice, then a run
          post_message(*j, queued_message(ctx, id, j->nonce, 1));
          admit(j);
          return;
        }
        u.queue.push_back(j);
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
        json d = {{"id", j->m1_id}, {"channel_id", ctx.channel_id}};
        if (!ctx.guild_id.empty()) d["guild_id"] = ctx.guild_id;
        dispatch(j->user, "MESSAGE_DELETE", d);
        j->next = phase::final_message;
        schedule(j, j->step_delay);
        return;
      }
      case phase::final_message: {
        auto id = snowflake();
        j->message_ids.push_back(id);
        j->progress = 100;
        j->final_json = final_of(j, id, snowflake());
        j->final_sent_ms = j->dropfinal ? 0 : now_unix_ms();  // 0: never dispatched
        post_message(*j, j->final_json, j->dropfinal);
        auto& p = user_at(j->user).profile;
        ++p.lifetime_jobs;
        if (ctx.mode != "relaxed" && j->kind != click_result::single)
          p.fast_hours_left -= fast_hours_per_job * (ctx.mode == "turbo" ? 2 : 1);
        if (p.fast_hours_left < 0) p.fast_hours_left = 0;
        ++stats.jobs_finished;
        finish(j, "success");
        return;
      }
      case phase::done:
        return;
    }
  }

  // A job with its context, seed, scenario flags and pacing; not yet running (see launch).
  job_ptr new_job(int user, const std::string& bot, const std::string& channel, std::string nonce,
                  const std::string& prompt, int interaction_type, std::string name) {
    auto& u = user_at(user);
    auto j = std::make_shared<job>();
    j->user = user;
    j->nonce = std::move(nonce);
    j->prompt = prompt;
    auto& ctx = j->ctx;
    ctx.channel_id = channel;
    ctx.guild_id = channel == u.account.channel_id ? u.account.guild_id : "";
    ctx.user_id = u.account.user_id;
    ctx.username = u.account.username;
    ctx.interaction_id = snowflake();
    ctx.prompt_echo = rewrite_prompt(prompt);
    ctx.hash = ids.next_uuid();
    ctx.public_base = public_base;
    ctx.bot_id = bot;
    ctx.interaction_type = interaction_type;
    ctx.interaction_name = std::move(name);
    ctx.mode = prompt_mode(prompt).value_or(u.profile.job_mode == "relax" ? "relaxed"
                                                                          : u.profile.job_mode);
    j->seed = job_seed(ctx.prompt_echo, ctx.hash);
    j->banned = has_scenario(prompt, "banned");
    for (const auto& w : opts.banned_words) j->banned = j->banned || contains_word(prompt, w);
    j->fail = has_scenario(prompt, "fail");
    j->stall = has_scenario(prompt, "stall");
    j->dropfinal = has_scenario(prompt, "dropfinal");
    switch (opts.pace) {
      case speed::bench:
        j->progress_steps = {0, 62};
        j->step_delay = ms{1};
        break;
      case speed::test:
        j->progress_steps = {0, 46, 93};
        j->first_delay += ms{ids.uniform(0, 30)};
        j->step_delay = ms{ids.uniform(150, 420) / (j->progress_steps.size() + 3)};
        break;
      case speed::demo: {
        std::vector<int> all = {0, 15, 31, 46, 62, 78, 93};
        auto drop = ids.uniform(0, 2);
        for (std::uint64_t k = 0; k < drop; ++k)
          all.erase(all.begin() + static_cast<std::ptrdiff_t>(ids.uniform(1, all.size() - 2)));
        j->progress_steps = all;
        j->first_delay = ms{ids.uniform(1000, 3000)};
        j->step_delay = ms{ids.uniform(18000, 37000) / (j->progress_steps.size() + 3)};
        break;
      }
    }
    if (ctx.mode == "relaxed" && opts.pace != speed::bench) j->step_delay *= 2;
    // #sim:slow: progress visible to a client polling every second (relay tests).
    if (has_scenario(prompt, "slow")) j->step_delay = std::max(j->step_delay, ms{1500});
    return j;
  }

  void launch(const job_ptr& j) {
    live_jobs.insert(j);
    recent_jobs.push_back(j);
    if (recent_jobs.size() > jobs_limit) recent_jobs.pop_front();
    schedule(j, j->first_delay);
  }

  // Health flags and scenario tokens that refuse an image job instead of running it (§9.5).
  void apply_refusals(job& j) {
    auto& u = user_at(j.user);
    const auto& p = j.prompt;
    if (u.captcha_pending || has_scenario(p, "captcha")) {
      u.captcha_pending = true;
      if (u.captcha_hash.empty()) u.captcha_hash = ids.next_hex32();
      j.ack_event = "INTERACTION_IFRAME_MODAL_CREATE";
      j.ack_event_d = iframe_modal_event(
          snowflake(), j.nonce, j.ctx.bot_id, j.ctx.channel_id, "MJ::iframe::" + u.captcha_hash,
          "Action required to continue", "/captcha/embedded/" + u.captcha_hash);
      return;
    }
    auto refuse_with = [&](std::string title, std::string text) {
      j.error_title = std::move(title);
      j.error_text = std::move(text);
    };
    if (u.subscription_required || has_scenario(p, "subscription"))
      return refuse_with("Subscription required",
                         "You need an active subscription to use this command. Visit "
                         "https://www.midjourney.com/account to subscribe.");
    if (!u.tos_accepted || has_scenario(p, "tos")) {
      u.tos_accepted = false;
      j.error_buttons = {{"MJ::Tos::Accept", "Accept ToS"}};
      return refuse_with("Tos not accepted",
                         "Please accept our Terms of Service before using Midjourney.");
    }
    if (has_scenario(p, "credits")) u.profile.fast_hours_left = 0;
    if (j.ctx.mode != "relaxed" && u.profile.fast_hours_left <= 0)
      return refuse_with("Credits exhausted",
                         "You have run out of fast hours. Use `/relax` to keep creating in relax "
                         "mode, or buy more fast hours.");
    if (has_scenario(p, "appeal")) {
      j.error_buttons = {{"MJ::Prompts::Appeal::" + j.ctx.hash, "Appeal"}};
      return refuse_with("Action needed to continue",
                         "Your prompt needs a review before it can run. Press Appeal to have a "
                         "moderator look at it.");
    }
    if (has_scenario(p, "queuefull"))
      return refuse_with("Queue full",
                         "Your job queue is full. Please wait for a job to finish first, then "
                         "resubmit this one.");
    auto problem = has_scenario(p, "invalid") ? std::string{"Invalid parameter (scenario)"}
                                              : parameter_error(j.ctx.prompt_echo);
    if (!problem.empty()) refuse_with("Invalid parameter", problem);
  }

  job_ptr start_imagine(int user, const std::string& bot, const std::string& channel,
                        std::string nonce, const std::string& prompt, int interaction_type = 2,
                        std::string name = "imagine") {
    auto j =
        new_job(user, bot, channel, std::move(nonce), prompt, interaction_type, std::move(name));
    apply_refusals(*j);
    launch(j);
    return j;
  }

  // A job started by a click (type 3), a modal submit (type 5) or the region editor.
  job_ptr start_click_job(int user, const std::string& bot, const std::string& channel,
                          std::string nonce, const click_action& a, std::string prompt,
                          const std::string& parent_message_id, const std::string& custom_id,
                          int interaction_type, bool remix, const std::string& trigger = {}) {
    if (a.action == "animate" && !param_value(prompt, "video")) prompt += " --video 1";
    auto j = new_job(user, bot, channel, std::move(nonce), prompt, interaction_type, custom_id);
    j->action = a.action;
    j->custom_id = custom_id;
    j->parent_hash = a.hash;
    j->kind = a.result;
    j->ctx.parent_message_id = parent_message_id;
    j->ctx.triggering_interaction_id = trigger;
    j->ctx.final_prefix = final_tail_prefix(a, remix);
    j->ctx.progress_prefix = progress_tail_prefix(a, remix);
    if (a.result == click_result::single) {
      j->step_delay = opts.pace == speed::bench  ? ms{1}
                      : opts.pace == speed::test ? ms{20}
                                                 : ms{ids.uniform(1000, 2000)};
    } else {
      apply_refusals(*j);
    }
    if (a.action == "custom_zoom" && j->error_title.empty()) {
      auto zoom = param_value(j->ctx.prompt_echo, "zoom");
      if (!zoom) {
        j->error_title = "Invalid parameter";
        j->error_text = "Custom Zoom needs `--zoom` with a value between 1 and 2";
      }
    }
    launch(j);
    return j;
  }

  // A job whose only output is `fn` right after the ack (describe, info, settings, …).
  job_ptr start_reply(int user, const std::string& bot, const std::string& channel,
                      std::string nonce, const std::string& prompt, int interaction_type,
                      std::string name, std::function<std::string(job&)> fn) {
    auto j =
        new_job(user, bot, channel, std::move(nonce), prompt, interaction_type, std::move(name));
    j->action = j->ctx.interaction_name;
    j->kind = click_result::other;
    j->reply = std::move(fn);
    launch(j);
    return j;
  }

  // Posts one reply message of `j` and keeps its id.
  void post_reply(job& j, const std::function<json(const std::string&)>& build) {
    auto id = snowflake();
    j.message_ids.push_back(id);
    post_message(j, build(id));
  }

  // -- REST ------------------------------------------------------------------------------

  int user_of(const restinio::request_handle_t& req) {
    const auto& h = req->header();
    if (!h.has_field(restinio::http_field::authorization)) return -1;
    auto it = token_index.find(h.get_field(restinio::http_field::authorization));
    if (it == token_index.end() || user_at(it->second).token_disabled) return -1;
    return it->second;
  }

  static reply_t unauthorized() { return json_reply(401, error_body(0, "401: Unauthorized")); }
  static reply_t missing_access() { return json_reply(403, error_body(50001, "Missing Access")); }
  static reply_t unknown_message() { return json_reply(404, error_body(10008, "Unknown Message")); }
  static reply_t component_invalid() {
    return json_reply(
        400, form_error_body("data", "COMPONENT_VALIDATION_FAILED", "Component validation failed"));
  }
  static reply_t accepted() { return {204, "", ""}; }

  // -1 unless `channel` is the user's main channel or one of their DM channels.
  bool can_see(int user, const std::string& channel) {
    if (user_at(user).account.channel_id == channel) return true;
    auto dm = dm_index.find(channel);
    return dm != dm_index.end() && dm->second.first == user;
  }

  json* find_message(const std::string& channel, const std::string& id) {
    auto it = history.find(channel);
    if (it == history.end()) return nullptr;
    for (auto& m : it->second)
      if (m["id"] == id) return &m;
    return nullptr;
  }

  static bool has_component(const json& m, const std::string& custom_id) {
    if (!m.contains("components")) return false;
    for (const auto& r : m["components"])
      if (r.contains("components"))
        for (const auto& c : r["components"])
          if (string_field(c, "custom_id") == custom_id) return true;
    return false;
  }

  job_ptr job_by_hash(const std::string& hash) {
    for (auto it = recent_jobs.rbegin(); it != recent_jobs.rend(); ++it)
      if ((*it)->ctx.hash == hash) return *it;
    return nullptr;
  }

  const command_row* find_command(const std::string& bot, const std::string& name) {
    for (const auto& c : commands)
      if (c.bot_id == bot && c.name == name) return &c;
    return nullptr;
  }

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
    auto& u = user_at(user);
    auto channel = string_field(body, "channel_id");
    if (!can_see(user, channel)) return reject(missing_access());
    bool main = channel == u.account.channel_id;
    if (main && body.contains("guild_id") && string_field(body, "guild_id") != u.account.guild_id)
      return reject(missing_access());
    auto bot = string_field(body, "application_id");
    if (bot != mj_bot_id && bot != niji_bot_id)
      return reject(json_reply(
          400, form_error_body("application_id", "UNKNOWN_APPLICATION", "Unknown application")));
    if (!main && dm_index[channel].second != bot) return reject(missing_access());
    auto nonce = string_field(body, "nonce");
    if (nonce.empty() || nonce.size() > 25 || to_u64(nonce) == 0)
      return reject(json_reply(
          400, form_error_body("nonce", "NONCE_TYPE_INVALID", "Nonce must be a snowflake")));
    auto session = string_field(body, "session_id");
    auto sit = sessions.find(session);
    if (sit == sessions.end() || sit->second.user != user || !sit->second.conn)
      ++stats.session_mismatches;  // recorded, accepted (strict_session is a later feature)
    if (!u.nonces.insert(nonce).second) {
      ++stats.duplicate_nonces;
    } else {
      u.nonce_order.push_back(nonce);
      if (u.nonce_order.size() > nonce_memory) {
        u.nonces.erase(u.nonce_order.front());
        u.nonce_order.pop_front();
      }
    }
    const json data = body.contains("data") && body["data"].is_object() ? body["data"] : json{};
    reply_t r;
    if (type == 2)
      r = slash(user, bot, channel, nonce, data);
    else if (type == 3)
      r = click(user, bot, channel, nonce, body, data);
    else if (type == 5)
      r = modal_submit(user, bot, channel, nonce, data);
    else
      r = json_reply(400, form_error_body("type", "INTERACTION_TYPE_UNSUPPORTED",
                                          "This interaction type is not simulated"));
    return r.status == 204 ? r : reject(std::move(r));
  }

  // The CDN URL of a finished upload named in `data.attachments` by an ATTACHMENT option.
  std::optional<std::string> attachment_url(int user, const std::string& channel, const json& data,
                                            const json& option_value) {
    std::string key = option_value.is_number_integer()
                          ? std::to_string(option_value.get<int>())
                          : (option_value.is_string() ? option_value.get<std::string>() : "");
    if (!data.contains("attachments") || !data["attachments"].is_array()) return std::nullopt;
    for (const auto& a : data["attachments"]) {
      if (string_field(a, "id") != key) continue;
      auto uploaded = string_field(a, "uploaded_filename");
      for (auto& [id, up] : uploads)
        if (up.upload_filename == uploaded && up.user == user && up.done) {
          store_file(id, up.bytes, content_type_of(up.filename));
          return public_base + "/cdn/attachments/" + channel + "/" + id + "/" + up.filename;
        }
    }
    return std::nullopt;
  }

  static std::string content_type_of(std::string_view name) {
    if (ends_with(name, ".png")) return "image/png";
    if (ends_with(name, ".jpg") || ends_with(name, ".jpeg")) return "image/jpeg";
    if (ends_with(name, ".webp")) return "image/webp";
    if (ends_with(name, ".gif")) return "image/gif";
    return "application/octet-stream";
  }

  void store_file(const std::string& id, std::string bytes, std::string content_type) {
    if (auto old = files.find(id); old != files.end())
      file_bytes -= old->second.bytes.size();
    else
      file_order.push_back(id);
    file_bytes += bytes.size();
    files[id] = {std::move(bytes), std::move(content_type)};
    while (file_order.size() > upload_limit ||
           (file_bytes > stored_bytes_limit && file_order.size() > 1)) {
      auto f = files.find(file_order.front());
      if (f != files.end()) {
        file_bytes -= f->second.bytes.size();
        files.erase(f);
      }
      file_order.pop_front();
    }
  }

  reply_t slash(int user, const std::string& bot, const std::string& channel,
                const std::string& nonce, const json& data) {
    auto name = string_field(data, "name");
    const auto* cmd = find_command(bot, name);
    if (!cmd || string_field(data, "id") != cmd->id ||
        string_field(data, "version") != cmd->version)
      return json_reply(400, invalid_version_body());
    std::map<std::string, json> opt;
    if (data.contains("options") && data["options"].is_array())
      for (const auto& o : data["options"])
        if (o.contains("value")) opt[string_field(o, "name")] = o["value"];
    auto str = [&](const std::string& key) {
      auto it = opt.find(key);
      return it != opt.end() && it->second.is_string() ? it->second.get<std::string>()
                                                       : std::string{};
    };
    auto required = [](const char* what) {
      return json_reply(400, form_error_body("data", "BASE_TYPE_REQUIRED",
                                             std::string{"The "} + what + " option is required"));
    };
    auto& u = user_at(user);
    if (name == "imagine") {
      auto prompt = str("prompt");
      if (prompt.empty()) return required("prompt");
      start_imagine(user, bot, channel, nonce, prompt);
      return accepted();
    }
    if (name == "describe") {
      std::optional<std::string> url;
      if (opt.count("image")) {
        url = attachment_url(user, channel, data, opt["image"]);
        if (!url)
          return json_reply(
              400, form_error_body("data", "ATTACHMENT_NOT_FOUND", "Unknown or unfinished upload"));
      } else if (!str("link").empty()) {
        url = str("link");
      } else {
        return required("image or link");
      }
      start_describe(user, bot, channel, nonce, *url, 2, "describe");
      return accepted();
    }
    if (name == "blend") {
      std::string prompt;
      int images = 0;
      for (int i = 1; i <= 5; ++i) {
        auto key = "image" + std::to_string(i);
        if (!opt.count(key)) continue;
        auto url = attachment_url(user, channel, data, opt[key]);
        if (!url)
          return json_reply(
              400, form_error_body("data", "ATTACHMENT_NOT_FOUND", "Unknown or unfinished upload"));
        prompt += "<" + *url + "> ";
        ++images;
      }
      if (images < 2) return required("image1 and image2");
      auto dims = str("dimensions");
      if (!dims.empty() && dims != "--ar 2:3" && dims != "--ar 1:1" && dims != "--ar 3:2")
        return json_reply(400, form_error_body("data", "STRING_TYPE_CHOICE",
                                               "dimensions must be --ar 2:3, 1:1 or 3:2"));
      start_imagine(user, bot, channel, nonce, prompt + (dims.empty() ? "--ar 1:1" : dims), 2,
                    "blend")
          ->action = "blend";
      return accepted();
    }
    if (name == "shorten") {
      auto prompt = str("prompt");
      if (prompt.empty()) return required("prompt");
      start_reply(user, bot, channel, nonce, prompt, 2, "shorten", [this](job& j) {
        post_reply(j, [&](const std::string& id) {
          return shorten_message(j.ctx, id, j.nonce, shorten_prompts(j.ctx.prompt_echo));
        });
        return std::string{"success"};
      });
      return accepted();
    }
    if (name == "show") {
      auto hash = str("job_id");
      if (hash.empty()) return required("job_id");
      start_reply(user, bot, channel, nonce, hash, 2, "show",
                  [this, hash](job& j) { return show_job(j, hash); });
      return accepted();
    }
    if (name == "info" || name == "settings") {
      start_reply(user, bot, channel, nonce, "", 2, name, [this, name](job& j) {
        auto p = profile_of(j.user);
        post_reply(j, [&](const std::string& id) {
          return name == "info" ? info_message(j.ctx, id, j.nonce, p)
                                : settings_message(j.ctx, id, j.nonce, p);
        });
        return std::string{"success"};
      });
      return accepted();
    }
    if (name == "fast" || name == "relax") {
      u.profile.job_mode = name;
      start_reply(user, bot, channel, nonce, "", 2, name, [this, name](job& j) {
        post_reply(j,
                   [&](const std::string& id) { return mode_message(j.ctx, id, j.nonce, name); });
        return std::string{"success"};
      });
      return accepted();
    }
    return json_reply(400, invalid_version_body());
  }

  user_profile profile_of(int user) {
    auto& u = user_at(user);
    auto p = u.profile;
    p.running = u.running;
    p.queued = static_cast<int>(u.queue.size());
    return p;
  }

  void start_describe(int user, const std::string& bot, const std::string& channel,
                      const std::string& nonce, const std::string& url, int interaction_type,
                      std::string name) {
    start_reply(user, bot, channel, nonce, url, interaction_type, std::move(name),
                [this, url](job& j) {
                  post_reply(j, [&](const std::string& id) {
                    return describe_message(j.ctx, id, j.nonce, url, describe_lines(j.ctx.hash));
                  });
                  return std::string{"success"};
                });
  }

  // /show: the job's result again, in the channel of the command (usually the DM channel).
  std::string show_job(job& j, const std::string& hash) {
    auto shown = job_by_hash(hash);
    auto id = snowflake();
    j.message_ids.push_back(id);
    if (!shown || shown->user != j.user || shown->final_json.is_null()) {
      post_message(j, embed_reply(j.ctx, id, j.nonce, "Invalid Job ID",
                                  "No job with the id `" + hash + "` was found.", 16711680));
      return "failed";
    }
    json m = shown->final_json;
    m["id"] = id;
    m["channel_id"] = j.ctx.channel_id;
    if (j.ctx.guild_id.empty()) m.erase("guild_id");
    m.erase("message_reference");
    m["nonce"] = j.nonce;
    m["timestamp"] = snowflake_timestamp(to_u64(id));
    json who = {{"id", j.ctx.user_id}, {"username", j.ctx.username}, {"discriminator", "0"}};
    m["interaction_metadata"] = {
        {"id", j.ctx.interaction_id}, {"type", 2}, {"name", "show"}, {"user", who}};
    m["interaction"] = {{"id", j.ctx.interaction_id}, {"type", 2}, {"name", "show"}, {"user", who}};
    show_messages[id] = hash;
    if (show_messages.size() > jobs_limit) show_messages.erase(show_messages.begin());
    post_message(j, m);
    return "success";
  }

  // The prompt a click on `parent` continues from: its job's prompt, else the message text.
  std::string parent_prompt(const click_action& a, const json& parent) {
    if (auto pj = job_by_hash(a.hash)) return pj->ctx.prompt_echo;
    return prompt_of_content(string_field(parent, "content"));
  }

  // The n-th numbered line (1-based) of an embed description ("1️⃣ text\n\n2️⃣ text").
  static std::string numbered_line(const json& parent, int n, std::string_view after = {}) {
    if (!parent.contains("embeds") || parent["embeds"].empty()) return {};
    auto d = string_field(parent["embeds"][0], "description");
    if (!after.empty()) {
      auto at = d.find(after);
      if (at != std::string::npos) d = d.substr(at + after.size());
    }
    std::string key = std::to_string(n) + "\xEF\xB8\x8F\xE2\x83\xA3 ";
    auto at = d.find(key);
    if (at == std::string::npos) return {};
    auto line = d.substr(at + key.size());
    return line.substr(0, line.find('\n'));
  }

  reply_t click(int user, const std::string& bot, const std::string& channel,
                const std::string& nonce, const json& body, const json& data) {
    auto message_id = string_field(body, "message_id");
    json* found = find_message(channel, message_id);
    if (!found) return unknown_message();
    const json parent = *found;
    auto custom_id = string_field(data, "custom_id");
    if (!has_component(parent, custom_id)) return component_invalid();
    int flags = body.contains("message_flags") && body["message_flags"].is_number_integer()
                    ? body["message_flags"].get<int>()
                    : 0;
    if (flags != parent.value("flags", 0)) ++stats.wrong_message_flags;
    auto parsed = parse_custom_id(custom_id);
    if (!parsed) return component_invalid();
    const auto& a = *parsed;
    auto& u = user_at(user);
    auto ack_only = [&](std::function<std::string(job&)> fn) {
      auto j = start_reply(user, bot, channel, nonce, "", 3, custom_id, std::move(fn));
      j->ctx.parent_message_id = message_id;
      j->custom_id = custom_id;
      j->parent_hash = a.hash;
      return accepted();
    };
    if (a.action == "settings") {
      if (!apply_setting(u, a.detail, data)) return component_invalid();
      return ack_only([this, message_id, parent](job& j) {
        job_context ctx = j.ctx;
        ctx.parent_message_id.clear();
        ctx.interaction_type = 2;
        ctx.interaction_name = "settings";
        if (parent.contains("interaction_metadata"))
          ctx.interaction_id = string_field(parent["interaction_metadata"], "id");
        json m = settings_message(ctx, message_id, "", profile_of(j.user));
        m.erase("nonce");
        m["edited_timestamp"] = snowflake_timestamp(to_u64(snowflake()));
        replace_message(m);
        dispatch(j.user, "MESSAGE_UPDATE", m);
        return std::string{"success"};
      });
    }
    if (a.action == "appeal" || a.action == "tos") {
      if (a.action == "tos") u.tos_accepted = true;
      bool tos = a.action == "tos";
      return ack_only([this, parent, tos](job& j) {
        json m = parent;
        m["embeds"] = json::array({{{"type", "rich"},
                                    {"title", tos ? "ToS accepted" : "Appeal accepted"},
                                    {"description", tos ? "You can use Midjourney now."
                                                        : "Your prompt was reviewed and allowed."},
                                    {"color", 65280}}});
        m["components"] = json::array();
        m.erase("nonce");
        m["edited_timestamp"] = snowflake_timestamp(to_u64(snowflake()));
        replace_message(m);
        dispatch(j.user, "MESSAGE_UPDATE", m);
        return std::string{"success"};
      });
    }
    if (a.action == "bookmark") return ack_only([](job&) { return std::string{"success"}; });
    if (a.action == "picread_retry") {
      std::string url;
      if (parent.contains("embeds") && !parent["embeds"].empty() &&
          parent["embeds"][0].contains("image"))
        url = string_field(parent["embeds"][0]["image"], "url");
      start_describe(user, bot, channel, nonce, url, 3, custom_id);
      return accepted();
    }
    if (a.action == "picreader_all") {
      for (int i = 1; i <= 4; ++i) {
        auto j = start_imagine(user, bot, channel, nonce, numbered_line(parent, i), 3, custom_id);
        j->action = "picreader";
        j->custom_id = custom_id;
        j->ctx.parent_message_id = message_id;
        j->skip_ack = i > 1;
      }
      return accepted();
    }
    std::string prefill;
    if (a.action == "picreader")
      prefill = numbered_line(parent, a.index);
    else if (a.action == "prompt_analyzer")
      prefill = numbered_line(parent, a.index, "## Shortened prompts");
    else
      prefill = parent_prompt(a, parent);
    if (a.action == "inpaint") {
      auto frame = ids.next_hex32();
      auto j = start_reply(user, bot, channel, nonce, prefill, 3, custom_id, {});
      j->action = a.action;
      j->custom_id = custom_id;
      j->parent_hash = a.hash;
      j->ack_event = "INTERACTION_IFRAME_MODAL_CREATE";
      j->ack_event_d = iframe_modal_event(snowflake(), nonce, bot, channel, "MJ::iframe::" + frame,
                                          "Vary Region", "/inpaint/editor?custom_id=" + frame);
      remember_modal(frame, {user, bot, channel, j->ctx.guild_id, "MJ::iframe::" + frame, "",
                             message_id, j->ctx.interaction_id, nonce, a, false, prefill});
      return accepted();
    }
    if (a.always_modal || (a.remix_modal && u.profile.remix)) {
      auto ids_of = modal_for(a, message_id);
      if (a.action == "custom_zoom" && !param_value(prefill, "zoom")) prefill += " --zoom 2";
      auto j = start_reply(user, bot, channel, nonce, prefill, 3, custom_id, {});
      j->action = a.action;
      j->custom_id = custom_id;
      j->parent_hash = a.hash;
      auto modal_id = snowflake();
      j->ack_event = "INTERACTION_MODAL_CREATE";
      j->ack_event_d = modal_event(modal_id, nonce, bot, channel, ids_of.custom_id, ids_of.title,
                                   ids_of.field_id, prefill);
      remember_modal(modal_id,
                     {user, bot, channel, j->ctx.guild_id, ids_of.custom_id, ids_of.field_id,
                      message_id, j->ctx.interaction_id, nonce, a, a.remix_modal, prefill});
      return accepted();
    }
    if (a.result == click_result::other) return component_invalid();
    start_click_job(user, bot, channel, nonce, a, prefill, message_id, custom_id, 3, false);
    return accepted();
  }

  bool apply_setting(user_state& u, const std::string& key, const json& data) {
    auto& p = u.profile;
    if (key == "RemixMode")
      p.remix = !p.remix;
    else if (key == "HighVariabilityMode")
      p.high_variability = !p.high_variability;
    else if (key == "PublicMode")
      p.stealth = false;
    else if (key == "PrivateMode")
      p.stealth = true;
    else if (key == "TurboMode")
      p.job_mode = "turbo";
    else if (key == "FastMode")
      p.job_mode = "fast";
    else if (key == "RelaxMode")
      p.job_mode = "relax";
    else if (key == "VersionSelector") {
      if (!data.contains("values") || !data["values"].is_array() || data["values"].empty() ||
          !data["values"][0].is_string())
        return false;
      auto v = data["values"][0].get<std::string>();
      if (v != "7" && v != "6.1" && v != "6" && v != "5.2" && v != "5.1" && v != "5") return false;
      p.version = v;
    } else {
      return false;
    }
    return true;
  }

  void remember_modal(const std::string& id, modal_state m) {
    modals[id] = std::move(m);
    modal_order.push_back(id);
    while (modal_order.size() > modal_limit) {
      modals.erase(modal_order.front());
      modal_order.pop_front();
    }
  }

  reply_t modal_submit(int user, const std::string& bot, const std::string& channel,
                       const std::string& nonce, const json& data) {
    auto id = string_field(data, "id");
    auto it = modals.find(id);
    if (it == modals.end())  // lenient: the click's interaction id
      for (auto m = modals.begin(); m != modals.end(); ++m)
        if (m->second.click_interaction_id == id && !id.empty()) it = m;
    if (it == modals.end() || it->second.user != user || it->second.field_id.empty() ||
        it->second.channel_id != channel || it->second.bot_id != bot)
      return json_reply(400, form_error_body("data", "INTERACTION_UNKNOWN_MODAL", "Unknown modal"));
    const auto m = it->second;
    if (string_field(data, "custom_id") != m.custom_id) return component_invalid();
    std::string value;
    bool field_seen = false;
    if (data.contains("components") && data["components"].is_array())
      for (const auto& r : data["components"])
        if (r.contains("components") && r["components"].is_array())
          for (const auto& c : r["components"])
            if (string_field(c, "custom_id") == m.field_id) {
              field_seen = true;
              value = string_field(c, "value");
            }
    if (!field_seen) return component_invalid();
    if (value.empty())
      return json_reply(400,
                        form_error_body("data", "BASE_TYPE_REQUIRED", "The prompt is required"));
    modals.erase(it);
    if (m.action.action == "picreader" || m.action.action == "prompt_analyzer") {
      auto j = start_imagine(user, bot, channel, nonce, value, 5, "imagine");
      j->action = m.action.action;
      j->custom_id = m.custom_id;
      j->ctx.triggering_interaction_id = m.click_interaction_id;
      return accepted();
    }
    start_click_job(user, bot, channel, nonce, m.action, value, m.parent_message_id, m.custom_id, 5,
                    m.remix, m.click_interaction_id);
    return accepted();
  }

  // POST {discordsays}/inpaint/api/submit-job: the Vary Region editor's submit (§5.4).
  reply_t submit_region(const restinio::request_handle_t& req) {
    json body = json::parse(req->body(), nullptr, false);
    if (body.is_discarded() || !body.is_object())
      return json_reply(400, error_body(0, "invalid JSON"));
    auto it = modals.find(string_field(body, "customId"));
    if (it == modals.end() || it->second.action.action != "inpaint")
      return json_reply(404, error_body(0, "unknown or closed editor"));
    if (string_field(body, "mask").rfind("iVBORw0KGgo", 0) != 0)
      return json_reply(400, error_body(0, "mask must be a base64 PNG"));
    auto m = it->second;
    modals.erase(it);
    auto prompt = string_field(body, "prompt");
    if (prompt.empty()) prompt = m.prefill;
    auto j = start_click_job(
        m.user, m.bot_id, m.channel_id, m.click_nonce, m.action, prompt, m.parent_message_id,
        m.action.action == "inpaint" ? "MJ::Inpaint::1::" + m.action.hash + "::SOLO" : m.custom_id,
        3, false);
    j->skip_ack = true;
    j->ctx.interaction_id = m.click_interaction_id;
    return json_reply(200, {{"success", true}});
  }

  reply_t get_messages(const restinio::request_handle_t& req, const std::string& channel) {
    int user = user_of(req);
    if (user < 0) return unauthorized();
    if (channel_index.count(channel) == 0 && dm_index.count(channel) == 0)
      return json_reply(404, error_body(10003, "Unknown Channel"));
    if (!can_see(user, channel)) return missing_access();
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

  // POST /channels/{c}/attachments: upload slots (§2.2 step 1).
  reply_t create_uploads(const restinio::request_handle_t& req, const std::string& channel) {
    int user = user_of(req);
    if (user < 0) return unauthorized();
    if (!can_see(user, channel)) return missing_access();
    json body = json::parse(req->body(), nullptr, false);
    if (body.is_discarded() || !body.contains("files") || !body["files"].is_array() ||
        body["files"].empty())
      return json_reply(400, form_error_body("files", "BASE_TYPE_REQUIRED", "files is required"));
    json out = json::array();
    for (const auto& f : body["files"]) {
      auto filename = string_field(f, "filename");
      std::uint64_t size = f.contains("file_size") && f["file_size"].is_number_unsigned()
                               ? f["file_size"].get<std::uint64_t>()
                               : 0;
      if (filename.empty() || size == 0 || size > upload_max_bytes)
        return json_reply(
            400, form_error_body("files", "BASE_TYPE_BAD_LENGTH", "file_size must be 1..26214400"));
      auto id = snowflake();
      upload_state up{user, channel, filename, ids.next_uuid() + "/" + filename, size, false, {}};
      json entry = {{"upload_url", public_base + "/upload/" + id},
                    {"upload_filename", up.upload_filename}};
      if (f.contains("id")) entry["id"] = f["id"];
      out.push_back(entry);
      uploads[id] = std::move(up);
      upload_order.push_back(id);
      while (upload_order.size() > upload_limit) forget_oldest_upload();
    }
    return json_reply(200, {{"attachments", out}});
  }

  void forget_oldest_upload() {
    auto u = uploads.find(upload_order.front());
    if (u != uploads.end()) {
      upload_bytes -= u->second.bytes.size();
      uploads.erase(u);
    }
    upload_order.pop_front();
  }

  // PUT /upload/<id>: the bytes (§2.2 step 2); no Authorization expected.
  reply_t put_upload(const restinio::request_handle_t& req, const std::string& id) {
    auto it = uploads.find(id);
    if (it == uploads.end()) return json_reply(404, error_body(0, "404: Not Found"));
    if (req->header().has_field(restinio::http_field::authorization))
      ++stats.uploads_with_authorization;
    if (req->body().size() != it->second.size)
      return json_reply(
          400, error_body(0, "size mismatch: declared " + std::to_string(it->second.size)));
    upload_bytes += req->body().size() - it->second.bytes.size();
    it->second.bytes = req->body();
    it->second.done = true;
    while (upload_bytes > stored_bytes_limit && upload_order.size() > 1) forget_oldest_upload();
    return {200, "", ""};
  }

  // POST /channels/{c}/messages: the user's own message with uploaded attachments (§2.2 step 3).
  reply_t post_user_message(const restinio::request_handle_t& req, const std::string& channel) {
    int user = user_of(req);
    if (user < 0) return unauthorized();
    if (!can_see(user, channel)) return missing_access();
    json body = json::parse(req->body(), nullptr, false);
    if (body.is_discarded() || !body.is_object())
      return json_reply(400, error_body(50109, "The request body contains invalid JSON."));
    json attachments = json::array();
    if (body.contains("attachments") && body["attachments"].is_array())
      for (const auto& a : body["attachments"]) {
        auto uploaded = string_field(a, "uploaded_filename");
        const upload_state* found = nullptr;
        std::string upload_id;
        for (const auto& [id, up] : uploads)
          if (up.upload_filename == uploaded && up.user == user && up.done) {
            found = &up;
            upload_id = id;
          }
        if (!found)
          return json_reply(400, form_error_body("attachments", "ATTACHMENT_NOT_FOUND",
                                                 "Unknown or unfinished upload"));
        auto attachment_id = snowflake();
        auto ct = content_type_of(found->filename);
        std::string path = "/attachments/" + channel + "/" + attachment_id + "/" + found->filename;
        std::string query =
            "?ex=" + std::string{"67a1b2c3"} + "&is=679f5f43&hm=" + ids.next_hex32();
        attachments.push_back({{"id", attachment_id},
                               {"filename", found->filename},
                               {"size", found->bytes.size()},
                               {"url", public_base + "/cdn" + path + query},
                               {"proxy_url", public_base + "/media" + path + query},
                               {"content_type", ct}});
        store_file(attachment_id, found->bytes, ct);
      }
    if (attachments.empty() && string_field(body, "content").empty())
      return json_reply(400, error_body(50006, "Cannot send an empty message"));
    const auto& a = user_at(user).account;
    auto id = snowflake();
    json m =
        user_message(id, channel, channel == a.channel_id ? a.guild_id : "", a.user_id, a.username,
                     string_field(body, "content"), string_field(body, "nonce"), attachments);
    store_message(m);
    dispatch(user, "MESSAGE_CREATE", m);
    return json_reply(200, m);
  }

  // PUT /channels/{c}/messages/{m}/reactions/{emoji}/@me: ✉️ on a job message sends the seed
  // DM.
  reply_t put_reaction(const restinio::request_handle_t& req, const std::string& channel,
                       const std::string& message_id, std::string_view emoji) {
    int user = user_of(req);
    if (user < 0) return unauthorized();
    if (!can_see(user, channel)) return missing_access();
    json* m = find_message(channel, message_id);
    if (!m) return unknown_message();
    bool envelope = emoji == "%E2%9C%89%EF%B8%8F" || emoji == "%E2%9C%89" ||
                    emoji == "\xE2\x9C\x89\xEF\xB8\x8F" || emoji == "\xE2\x9C\x89";
    if (!envelope) return accepted();
    std::string hash;
    if (auto s = show_messages.find(message_id); s != show_messages.end()) hash = s->second;
    job_ptr shown;
    if (!hash.empty()) shown = job_by_hash(hash);
    if (!shown)
      for (const auto& j : recent_jobs)
        for (const auto& id : j->message_ids)
          if (id == message_id && !j->final_json.is_null()) shown = j;
    if (!shown || shown->user != user) return accepted();
    auto& u = user_at(user);
    std::string bot = shown->ctx.bot_id;
    int account = static_cast<int>(to_u64(u.account.user_id) - 1300000000000000000ULL);
    job_context ctx = shown->ctx;
    ctx.channel_id = dm_channel_id(account, bot);
    ctx.guild_id.clear();
    ctx.parent_message_id.clear();
    auto id = snowflake();
    json dm = seed_message(ctx, id, shown->seed);
    store_message(dm);
    dispatch(user, "MESSAGE_CREATE", dm);
    return accepted();
  }

  // POST /users/@me/channels {recipient_id | recipients}: the DM channel with a bot.
  reply_t open_dm(const restinio::request_handle_t& req) {
    int user = user_of(req);
    if (user < 0) return unauthorized();
    json body = json::parse(req->body(), nullptr, false);
    std::string bot = string_field(body, "recipient_id");
    if (bot.empty() && body.is_object() && body.contains("recipients") &&
        body["recipients"].is_array() && !body["recipients"].empty() &&
        body["recipients"][0].is_string())
      bot = body["recipients"][0].get<std::string>();
    if (bot != mj_bot_id && bot != niji_bot_id)
      return json_reply(400, form_error_body("recipient_id", "USER_UNKNOWN", "Unknown user"));
    const auto& a = user_at(user).account;
    int account = static_cast<int>(to_u64(a.user_id) - 1300000000000000000ULL);
    return json_reply(200, dm_channel(dm_channel_id(account, bot), bot));
  }

  reply_t serve_cdn(std::string_view attachment_id, std::string_view name) {
    if (auto f = files.find(std::string{attachment_id}); f != files.end())
      return {200, f->second.bytes, f->second.content_type};
    if (ends_with(name, "_grid_0.webp")) return {200, tiny_webp(), "image/webp"};
    if ((ends_with(name, ".png") || ends_with(name, ".mp4")) && name.size() >= 40) {
      auto hash = name.substr(name.size() - 40, 36);
      if (is_uuid(hash)) {
        if (ends_with(name, ".mp4")) return {200, make_video_mp4(hash), "video/mp4"};
        return {200, make_grid_png(hash, image_size_of(opts.pace)), "image/png"};
      }
    }
    return json_reply(404, error_body(0, "404: Not Found"));
  }

  // "user" in a control body: a token, a user id or an account number.
  int user_from(const json& body) {
    std::string key;
    if (body.is_object() && body.contains("user")) {
      if (body["user"].is_string()) key = body["user"].get<std::string>();
      if (body["user"].is_number_integer()) key = std::to_string(body["user"].get<int>());
    }
    if (auto t = token_index.find(key); t != token_index.end()) return t->second;
    for (std::size_t i = 0; i < users.size(); ++i)
      if (users[i].account.user_id == key) return static_cast<int>(i);
    auto n = to_u64(key);
    if (n >= 1 && n <= users.size()) return static_cast<int>(n - 1);
    return -1;
  }

  std::vector<connection_ptr> live_connections(int user) {
    std::vector<connection_ptr> out;
    for (const auto& [id, c] : connections)
      if (c->user == user && !c->closed) out.push_back(c);
    return out;
  }

  void abrupt_close(const connection_ptr& c) {
    if (c->closed) return;
    c->closed = true;
    c->heartbeat_timer.cancel();
    if (auto it = sessions.find(c->session_id); it != sessions.end() && it->second.conn == c)
      it->second.conn.reset();
    connections.erase(c->id);
    asio::post(c->strand, [c] {
      if (!c->ws) return;
      c->ws->kill();
      c->ws.reset();
    });
  }

  // POST /_sim/fault {"user","kind","count","code","resumable"} (§9.3 gateway faults).
  reply_t fault(const json& body) {
    int user = user_from(body);
    if (user < 0) return json_reply(404, error_body(0, "unknown user"));
    auto kind = string_field(body, "kind");
    int count = body.is_object() && body.contains("count") && body["count"].is_number_integer()
                    ? body["count"].get<int>()
                    : 1;
    auto& u = user_at(user);
    auto conns = live_connections(user);
    ++stats.faults_fired;
    if (kind == "drop_acks") {
      u.drop_acks += count;
    } else if (kind == "drop_events") {
      u.drop_events += count;
    } else if (kind == "reconnect") {
      for (const auto& c : conns) {
        send_payload(c, R"({"op":7,"d":null})");
        close_connection(c, 1000, "Reconnect requested");
      }
    } else if (kind == "invalid_session") {
      bool resumable = body.value("resumable", false);
      for (const auto& c : conns) {
        send_payload(c, resumable ? R"({"op":9,"d":true})" : R"({"op":9,"d":false})");
        auto sid = c->session_id;
        if (auto it = sessions.find(sid); it != sessions.end()) it->second.conn.reset();
        c->user = -1;
        c->session_id.clear();
        if (!resumable) {
          sessions.erase(sid);
          std::erase(u.sessions, sid);
        }
      }
    } else if (kind == "close") {
      int code = body.value("code", 4000);
      for (const auto& c : conns)
        close_connection(c, static_cast<std::uint16_t>(code), "Closed by fault");
    } else if (kind == "close_4004") {
      u.token_disabled = true;
      for (const auto& c : conns) close_connection(c, 4004, "Authentication failed");
    } else if (kind == "abrupt") {
      for (const auto& c : conns) abrupt_close(c);
    } else {
      --stats.faults_fired;
      return json_reply(400, error_body(0, "unknown fault kind"));
    }
    return json_reply(200, {{"ok", true}, {"connections", conns.size()}});
  }

  // PUT|POST /_sim/users/{id}: patch plan, settings and flags.
  reply_t patch_user(int user, const json& body) {
    if (!body.is_object()) return json_reply(400, error_body(0, "invalid JSON"));
    auto& u = user_at(user);
    auto flag = [&](const char* key, bool& target) {
      if (body.contains(key) && body[key].is_boolean()) target = body[key].get<bool>();
    };
    flag("remix", u.profile.remix);
    flag("stealth", u.profile.stealth);
    flag("captcha_pending", u.captcha_pending);
    flag("subscription_required", u.subscription_required);
    flag("tos_accepted", u.tos_accepted);
    flag("token_disabled", u.token_disabled);
    if (body.contains("fast_hours") && body["fast_hours"].is_number())
      u.profile.fast_hours_left = body["fast_hours"].get<double>();
    if (body.contains("job_mode") && body["job_mode"].is_string())
      u.profile.job_mode = body["job_mode"].get<std::string>();
    if (body.contains("rate_per_second") && body["rate_per_second"].is_number_integer())
      u.rate_per_second = body["rate_per_second"].get<int>();
    if (u.token_disabled)
      for (const auto& c : live_connections(user))
        close_connection(c, 4004, "Authentication failed");
    return json_reply(200, user_view(user));
  }

  json user_view(int user) {
    auto& u = user_at(user);
    return {{"user", u.account.user_id},
            {"remix", u.profile.remix},
            {"job_mode", u.profile.job_mode},
            {"fast_hours", u.profile.fast_hours_left},
            {"captcha_pending", u.captcha_pending},
            {"subscription_required", u.subscription_required},
            {"tos_accepted", u.tos_accepted},
            {"token_disabled", u.token_disabled},
            {"rate_per_second", u.rate_per_second}};
  }

  // A 429 when the user's limiter (control API) is over its per-second budget.
  std::optional<reply_t> rate_limited(int user) {
    auto& u = user_at(user);
    if (u.rate_per_second <= 0) return std::nullopt;
    auto now = std::chrono::steady_clock::now();
    while (!u.recent_requests.empty() && now - u.recent_requests.front() >= std::chrono::seconds{1})
      u.recent_requests.pop_front();
    if (u.recent_requests.size() < static_cast<std::size_t>(u.rate_per_second)) {
      u.recent_requests.push_back(now);
      return std::nullopt;
    }
    ++stats.rate_limited;
    double wait =
        std::chrono::duration<double>(u.recent_requests.front() + std::chrono::seconds{1} - now)
            .count();
    wait = std::max(0.001, std::round(wait * 1000.0) / 1000.0);
    auto r = json_reply(
        429,
        {{"message", "You are being rate limited."}, {"retry_after", wait}, {"global", false}});
    r.headers = {{"Retry-After", std::to_string(static_cast<int>(std::ceil(wait)))},
                 {"X-RateLimit-Limit", std::to_string(u.rate_per_second)},
                 {"X-RateLimit-Remaining", "0"},
                 {"X-RateLimit-Reset-After", std::to_string(wait)},
                 {"X-RateLimit-Bucket", "sim-user-bucket"},
                 {"X-RateLimit-Scope", "user"}};
    return r;
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
                  {"live", live_jobs.size()},
                  {"modals_opened", stats.modals_opened}}},
                {"gateway",
                 {{"connections", stats.gateway_connections},
                  {"open_connections", connections.size()},
                  {"identifies", stats.identifies},
                  {"resumes", stats.resumes},
                  {"resume_failures", stats.resume_failures},
                  {"heartbeats", stats.heartbeats},
                  {"dispatches", stats.dispatches},
                  {"dropped_events", stats.dropped_events},
                  {"dropped_acks", stats.dropped_acks}}},
                {"faults_fired", stats.faults_fired},
                {"rate_limited", stats.rate_limited},
                {"uploads_with_authorization", stats.uploads_with_authorization},
                {"wrong_message_flags", stats.wrong_message_flags},
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
                       {"bot", j->ctx.bot_id},
                       {"nonce", j->nonce},
                       {"interaction_id", j->ctx.interaction_id},
                       {"action", j->action},
                       {"custom_id", j->custom_id},
                       {"parent_hash", j->parent_hash},
                       {"prompt", j->ctx.prompt_echo},
                       {"state", j->state},
                       {"progress", j->progress},
                       {"message_ids", j->message_ids},
                       {"final_sent_ms", j->final_sent_ms},
                       {"seed", j->seed}});
      return json_reply(200, out);
    }
    if (what == "commands") {
      json out = json::array();
      for (const auto& c : commands)
        out.push_back({{"bot", c.bot_id}, {"name", c.name}, {"id", c.id}, {"version", c.version}});
      return json_reply(200, out);
    }
    return json_reply(404, error_body(0, "404: Not Found"));
  }

  // POST /_sim/... control calls that change the world.
  reply_t control_post(const std::vector<std::string_view>& parts, const std::string& raw) {
    json body = raw.empty() ? json::object() : json::parse(raw, nullptr, false);
    if (body.is_discarded()) return json_reply(400, error_body(0, "invalid JSON"));
    auto what = parts.size() >= 2 ? parts[1] : std::string_view{};
    if (what == "rotate-versions" || (what == "commands" && parts.size() == 4)) {
      std::string bot = parts.size() == 4 ? std::string{parts[2]} : string_field(body, "bot");
      auto name = string_field(body, "name");
      for (auto& c : commands)
        if ((bot.empty() || c.bot_id == bot) && (name.empty() || c.name == name))
          c.version = snowflake();
      return control("commands");
    }
    if (what == "fault" && parts.size() == 2) return fault(body);
    if ((what == "disable-token" || what == "enable-token") && parts.size() == 2) {
      int user = user_from(body);
      if (user < 0) return json_reply(404, error_body(0, "unknown user"));
      return patch_user(user, {{"token_disabled", what == "disable-token"}});
    }
    if (what == "rate-limit" && parts.size() == 2) {
      int user = user_from(body);
      if (user < 0) return json_reply(404, error_body(0, "unknown user"));
      return patch_user(user, {{"rate_per_second", body.value("per_second", 0)}});
    }
    if (what == "users" && parts.size() >= 3) {
      int user = user_from({{"user", std::string{parts[2]}}});
      if (user < 0) return json_reply(404, error_body(0, "unknown user"));
      if (parts.size() == 3) return patch_user(user, body);
      if (parts.size() == 4 && parts[3] == "solve-captcha") {
        user_at(user).captcha_pending = false;
        user_at(user).captcha_hash.clear();
        return json_reply(200, user_view(user));
      }
    }
    return json_reply(404, error_body(0, "404: Not Found"));
  }

  // POST /suno/submit/{action} and POST /suno/fetch (api-contracts.md §5.4).
  reply_t route_suno(const restinio::request_handle_t& req,
                     const std::vector<std::string_view>& parts, bool post) {
    auto auth = req->header().opt_value_of(restinio::http_field::authorization);
    std::string_view authorization = auth ? std::string_view{auth->data(), auth->size()} : "";
    suno_reply r{404, {{"code", "not_found"}, {"message", "404: Not Found"}, {"data", nullptr}}};
    if (post && parts.size() == 3 && parts[1] == "submit")
      r = suno->submit(parts[2], authorization, req->body(),
                       static_cast<std::int64_t>(now_unix_ms()));
    else if (post && parts.size() == 2 && parts[1] == "fetch")
      r = suno->fetch(authorization, req->body(), static_cast<std::int64_t>(now_unix_ms()));
    return json_reply(r.status, r.body);
  }

  reply_t route(const restinio::request_handle_t& req) {
    const auto method = req->header().method();
    const bool get = method == restinio::http_method_get();
    const bool post = method == restinio::http_method_post();
    const bool put = method == restinio::http_method_put();
    auto parts = split_path(req->header().path());
    std::lock_guard lock{mu};
    ++stats.rest_requests;
    if (parts.size() >= 2 && parts[0] == "api" && (parts[1] == "v9" || parts[1] == "v10")) {
      if (int limited = user_of(req); limited >= 0)
        if (auto r = rate_limited(limited)) return *r;
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
      if (post && p.size() == 3 && p[0] == "users" && p[1] == "@me" && p[2] == "channels")
        return open_dm(req);
      if (post && p.size() == 1 && p[0] == "interactions") return post_interaction(req);
      if (p.size() == 3 && p[0] == "channels" && p[2] == "messages") {
        if (get) return get_messages(req, std::string{p[1]});
        if (post) return post_user_message(req, std::string{p[1]});
      }
      if (post && p.size() == 3 && p[0] == "channels" && p[2] == "attachments")
        return create_uploads(req, std::string{p[1]});
      if (post && p.size() == 5 && p[0] == "channels" && p[2] == "messages" && p[4] == "ack") {
        int user = user_of(req);
        if (user < 0) return unauthorized();
        if (!can_see(user, std::string{p[1]})) return missing_access();
        if (!find_message(std::string{p[1]}, std::string{p[3]})) return unknown_message();
        return json_reply(200, {{"token", nullptr}});
      }
      if (put && p.size() == 7 && p[0] == "channels" && p[2] == "messages" && p[4] == "reactions" &&
          p[6] == "@me")
        return put_reaction(req, std::string{p[1]}, std::string{p[3]}, p[5]);
      bool search =
          p.size() == 4 && p[0] == "channels" && p[2] == "application-commands" && p[3] == "search";
      bool index = p.size() == 3 && (p[0] == "channels" || p[0] == "guilds") &&
                   p[2] == "application-command-index";
      if (get && (search || index)) {
        int user = user_of(req);
        if (user < 0) return unauthorized();
        const auto& a = users[static_cast<std::size_t>(user)].account;
        if (p[0] == "channels" ? !can_see(user, std::string{p[1]}) : p[1] != a.guild_id)
          return missing_access();
        auto qp = restinio::parse_query(req->header().query());
        std::vector<command_row> shown;
        auto app = qp.get_param("application_id");
        for (const auto& c : commands)
          if (!app || *app == c.bot_id) shown.push_back(c);
        return json_reply(200, command_search_body(shown));
      }
      return json_reply(404, error_body(0, "404: Not Found"));
    }
    if (put && parts.size() == 2 && parts[0] == "upload")
      return put_upload(req, std::string{parts[1]});
    if (get && parts.size() == 5 && (parts[0] == "cdn" || parts[0] == "media") &&
        parts[1] == "attachments")
      return serve_cdn(parts[3], parts[4]);
    if (get && parts.size() == 3 && parts[0] == "mjweb" && parts[1] == "jobs")
      return {200, "<html><body>job " + std::string{parts[2]} + "</body></html>", "text/html"};
    bool region = (parts.size() == 3 && parts[0] == "inpaint") ||
                  (parts.size() == 5 && parts[0] == "discordsays" && parts[2] == "inpaint");
    if (post && region && parts[parts.size() - 2] == "api" && parts.back() == "submit-job")
      return submit_region(req);
    if (get && parts.size() == 7 && parts[0] == "discordsays" && parts[2] == "captcha" &&
        parts[3] == "api" && parts[4] == "c" && parts[6] == "ack") {
      for (const auto& u : users)
        if (u.captcha_pending && u.captcha_hash == parts[5])
          return json_reply(200,
                            {{"hash", u.captcha_hash}, {"token", "sim-captcha-" + u.captcha_hash}});
      return json_reply(404, error_body(0, "404: Not Found"));
    }
    if (!parts.empty() && parts[0] == "suno") return route_suno(req, parts, post);
    if (parts.size() == 2 && parts[0] == "_sim" && parts[1] == "suno") {
      if (get) return json_reply(200, suno->stats());
      auto r = suno->control(req->body());
      return json_reply(r.status, r.body);
    }
    if (parts.size() == 2 && parts[0] == "_sim" && parts[1] == "proxy") {
      // GET: the proxy's counters; POST: {"reset":true} zeroes them.
      if (!proxy) return json_reply(404, error_body(0, "the proxy is off (--proxy-listen)"));
      if (get) return json_reply(200, proxy->stats());
      proxy->reset();
      return json_reply(200, proxy->stats());
    }
    if (get && parts.size() == 2 && parts[0] == "_sim") return control(parts[1]);
    if (get && parts.size() == 3 && parts[0] == "_sim" && parts[1] == "users") {
      int user = user_from({{"user", std::string{parts[2]}}});
      if (user < 0) return json_reply(404, error_body(0, "unknown user"));
      return json_reply(200, user_view(user));
    }
    if ((post || put) && parts.size() >= 2 && parts[0] == "_sim")
      return control_post(parts, req->body());
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
    for (const auto& [name, value] : r.headers) resp.append_header(name, value);
    resp.set_body(std::move(r.body));
    return resp.done();
  }

  // -- lifecycle -------------------------------------------------------------------------

  void start() {
    if (running) return;
    if (opts.proxy && !proxy) {
      proxy_options po;
      po.host = opts.host;
      po.port = opts.proxy_port;
      po.credentials = opts.proxy_credentials;
      auto p = std::make_unique<http_proxy>(po);
      p->start();  // throws when it cannot listen
      proxy = std::move(p);
    }
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
    if (proxy) proxy->stop();
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
std::uint16_t simulator::proxy_port() const {
  return impl_->proxy ? impl_->proxy->port() : 0;
}

}  // namespace mjgate::sim
