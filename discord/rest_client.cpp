#include "discord/rest_client.hpp"

#include <random>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "discord/command_discovery.hpp"
#include "discord/url.hpp"
#include "domain/text.hpp"

namespace mjgate::discord {

namespace {

using json = nlohmann::json;

std::chrono::milliseconds jitter(std::chrono::milliseconds max) {
  if (max.count() <= 0) return std::chrono::milliseconds{0};
  thread_local std::mt19937 rng{std::random_device{}()};
  return std::chrono::milliseconds{std::uniform_int_distribution<long>(0, max.count())(rng)};
}

}  // namespace

rest_result to_rest_result(const http_response& res) {
  rest_result r;
  r.status = res.status;
  r.sent = res.sent;
  r.body = res.body;
  r.failure = classify_rest(res.status, 0, false);
  if (res.status == 0) {
    r.error = res.error;
    return r;
  }
  if (res.status >= 200 && res.status < 300) return r;
  auto doc = json::parse(res.body, nullptr, /*allow_exceptions=*/false);
  std::string message;
  if (doc.is_object()) {
    if (auto it = doc.find("code"); it != doc.end() && it->is_number_integer())
      r.discord_code = it->get<int>();
    if (auto it = doc.find("message"); it != doc.end() && it->is_string())
      message = it->get<std::string>();
  }
  if (message.empty()) message = res.body.substr(0, 200);
  r.error = std::to_string(res.status) + " " + std::to_string(r.discord_code) + " " + message;
  r.invalid_version = res.status == 400 && is_invalid_version_error(res.body);
  r.failure = classify_rest(res.status, r.discord_code, r.invalid_version);
  if (res.status == 429) {
    r.retry_after = retry_after_of(res).value_or(std::chrono::milliseconds{0});
    if (doc.is_object())
      if (auto it = doc.find("global"); it != doc.end() && it->is_boolean())
        r.global_rate_limit = it->get<bool>();
  }
  return r;
}

rest_failure classify_rest(int status, int discord_code, bool invalid_version) {
  if (status == 0) return rest_failure::transport;
  if (status >= 200 && status < 300) return rest_failure::none;
  if (status == 429) return rest_failure::rate_limited;
  if (status >= 500) return rest_failure::server;
  if (status == 401) return rest_failure::auth;
  if (status == 403) return discord_code == 40002 ? rest_failure::verification : rest_failure::auth;
  if (status == 404 && discord_code == 10003) return rest_failure::auth;
  if (status == 404 && discord_code == 10008) return rest_failure::unknown_message;
  if (invalid_version) return rest_failure::invalid_version;
  return rest_failure::rejected;
}

std::vector<upload_slot> parse_upload_slots(std::string_view body) {
  std::vector<upload_slot> slots;
  auto doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return slots;
  auto list = doc.find("attachments");
  if (list == doc.end() || !list->is_array()) return slots;
  auto text = [](const json& o, const char* key) -> std::string {
    auto it = o.find(key);
    if (it == o.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
    return {};
  };
  for (const auto& a : *list)
    if (a.is_object())
      slots.push_back({text(a, "id"), text(a, "upload_url"), text(a, "upload_filename")});
  return slots;
}

std::string parse_channel_id(std::string_view body) {
  auto doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return {};
  auto it = doc.find("id");
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::string discordsays_url(std::string_view base, std::string_view application_id) {
  constexpr std::string_view placeholder = "{app_id}";
  std::string out{base};
  if (auto pos = out.find(placeholder); pos != std::string::npos)
    out.replace(pos, placeholder.size(), application_id);
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

std::optional<std::chrono::milliseconds> retry_after_of(const http_response& res) {
  auto doc = json::parse(res.body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_object())
    if (auto it = doc.find("retry_after"); it != doc.end() && it->is_number())
      return std::chrono::milliseconds{static_cast<long>(it->get<double>() * 1000.0 + 0.5)};
  auto header = res.header("Retry-After");
  if (header.empty()) return std::nullopt;
  try {
    return std::chrono::milliseconds{static_cast<long>(std::stod(header) * 1000.0 + 0.5)};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

struct rest_client::impl {
  http_client& http;
  rest_options opts;
  std::string base;

  impl(http_client& h, rest_options o) : http(h), opts(std::move(o)) {
    base = opts.api_base;
    while (!base.empty() && base.back() == '/') base.pop_back();
    base += "/api/v9";
  }
};

namespace {

// One logical call with its retries (429, 5xx, one resend after a connect failure).
class rest_call : public std::enable_shared_from_this<rest_call> {
 public:
  rest_call(http_client& http, const rest_options& opts, http_request req,
            std::function<void(rest_result)> done)
      : http_(http), opts_(opts), req_(std::move(req)), done_(std::move(done)), timer_(http.io()) {}

  void send() {
    http_.send(req_, [self = shared_from_this()](http_response res) {
      self->on_response(std::move(res));
    });
  }

 private:
  void on_response(http_response res) {
    if (res.status == 429 && rate_limited_ < opts_.max_rate_limit_retries) {
      ++rate_limited_;
      auto wait = retry_after_of(res).value_or(std::chrono::milliseconds{1000});
      return resend_after(wait + jitter(opts_.max_jitter));
    }
    if (res.status >= 500 && server_errors_ < opts_.max_server_error_retries) {
      return resend_after(opts_.server_error_backoff * (1 << server_errors_++));
    }
    // Nothing reached the server: one resend (same body, so same nonce) is safe.
    if (res.status == 0 && !res.sent && !transport_retried_) {
      transport_retried_ = true;
      return send();
    }
    done_(to_rest_result(res));
  }

  void resend_after(std::chrono::milliseconds wait) {
    timer_.expires_after(wait);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec) {
        rest_result cancelled;
        cancelled.error = "cancelled";
        cancelled.failure = rest_failure::transport;
        return self->done_(std::move(cancelled));
      }
      self->send();
    });
  }

  http_client& http_;
  rest_options opts_;
  http_request req_;
  std::function<void(rest_result)> done_;
  boost::asio::steady_timer timer_;
  int rate_limited_ = 0;
  int server_errors_ = 0;
  bool transport_retried_ = false;
};

}  // namespace

rest_client::rest_client(http_client& http, rest_options opts)
    : impl_(std::make_shared<impl>(http, std::move(opts))) {}

namespace {

// Discord's own API gets the token and fingerprint; foreign hosts (upload
// storage, discordsays) get only the UA.
http_request make_request(const rest_options& opts, std::string method, std::string url,
                          std::string body, std::string_view content_type, bool discord_api) {
  http_request req;
  req.method = std::move(method);
  req.url = std::move(url);
  req.timeout = opts.timeout;
  if (discord_api) req.headers.emplace_back("Authorization", opts.token);
  if (!opts.user_agent.empty()) req.headers.emplace_back("User-Agent", opts.user_agent);
  if (!body.empty() || !content_type.empty())
    req.headers.emplace_back("Content-Type",
                             content_type.empty() ? "application/json" : std::string{content_type});
  if (discord_api && !opts.super_properties.empty())
    req.headers.emplace_back("X-Super-Properties", opts.super_properties);
  req.body = std::move(body);
  return req;
}

}  // namespace

void rest_client::call(std::string method, std::string path, std::string body,
                       std::function<void(rest_result)> done) {
  auto req = make_request(impl_->opts, std::move(method), impl_->base + path, std::move(body), {},
                          /*discord_api=*/true);
  std::make_shared<rest_call>(impl_->http, impl_->opts, std::move(req), std::move(done))->send();
}

void rest_client::create_attachment_slots(const std::string& channel_id,
                                          const std::vector<file_announcement>& files,
                                          std::function<void(rest_result)> done) {
  call("POST", "/channels/" + channel_id + "/attachments", build_attachment_slots(files),
       std::move(done));
}

void rest_client::upload_bytes(const std::string& upload_url, const std::string& content_type,
                               std::string bytes, std::function<void(rest_result)> done) {
  auto url = rewrite_url(upload_url, rest_options::production_upload_base, impl_->opts.upload_base);
  auto req = make_request(impl_->opts, "PUT", std::move(url), std::move(bytes), content_type,
                          /*discord_api=*/false);
  std::make_shared<rest_call>(impl_->http, impl_->opts, std::move(req), std::move(done))->send();
}

void rest_client::post_message(const std::string& channel_id, std::string body,
                               std::function<void(rest_result)> done) {
  call("POST", "/channels/" + channel_id + "/messages", std::move(body), std::move(done));
}

void rest_client::create_dm_channel(const std::string& recipient_id,
                                    std::function<void(rest_result)> done) {
  call("POST", "/users/@me/channels", build_dm_channel(recipient_id), std::move(done));
}

void rest_client::add_reaction(const std::string& channel_id, const std::string& message_id,
                               std::string_view emoji, std::function<void(rest_result)> done) {
  call("PUT",
       "/channels/" + channel_id + "/messages/" + message_id + "/reactions/" +
           domain::percent_encode(emoji) + "/@me",
       {}, std::move(done));
}

void rest_client::submit_inpaint(const std::string& application_id, std::string body,
                                 std::function<void(rest_result)> done) {
  auto url =
      discordsays_url(impl_->opts.discordsays_base, application_id) + "/inpaint/api/submit-job";
  auto req = make_request(impl_->opts, "POST", std::move(url), std::move(body), {},
                          /*discord_api=*/false);
  std::make_shared<rest_call>(impl_->http, impl_->opts, std::move(req), std::move(done))->send();
}

void rest_client::post_interaction(std::string body, std::function<void(rest_result)> done) {
  call("POST", "/interactions", std::move(body), std::move(done));
}

void rest_client::get_messages(const std::string& channel_id, const std::string& after, int limit,
                               std::function<void(rest_result)> done) {
  auto path = "/channels/" + channel_id + "/messages?limit=" + std::to_string(limit);
  if (!after.empty()) path += "&after=" + after;
  call("GET", std::move(path), {}, std::move(done));
}

void rest_client::search_commands(const std::string& channel_id,
                                  std::function<void(rest_result)> done) {
  call("GET",
       "/channels/" + channel_id + "/application-commands/search?type=1&include_applications=true",
       {}, std::move(done));
}

void rest_client::get_me(std::function<void(rest_result)> done) {
  call("GET", "/users/@me", {}, std::move(done));
}

}  // namespace mjgate::discord
