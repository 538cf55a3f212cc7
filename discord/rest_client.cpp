#include "discord/rest_client.hpp"

#include <random>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

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
  r.invalid_version =
      res.body.find("INTERACTION_APPLICATION_COMMAND_INVALID_VERSION") != std::string::npos;
  return r;
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
      if (ec) return self->done_(rest_result{0, false, {}, "cancelled", 0, false});
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

void rest_client::call(std::string method, std::string path, std::string body,
                       std::function<void(rest_result)> done) {
  http_request req;
  req.method = std::move(method);
  req.url = impl_->base + path;
  req.timeout = impl_->opts.timeout;
  req.headers.emplace_back("Authorization", impl_->opts.token);
  if (!impl_->opts.user_agent.empty())
    req.headers.emplace_back("User-Agent", impl_->opts.user_agent);
  if (!body.empty()) req.headers.emplace_back("Content-Type", "application/json");
  if (!impl_->opts.super_properties.empty())
    req.headers.emplace_back("X-Super-Properties", impl_->opts.super_properties);
  req.body = std::move(body);
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
