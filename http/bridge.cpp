#include "http/bridge.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <string_view>

#include "http/dialects/mj/envelope.hpp"

namespace mjgate::http {

namespace {

const char* reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 206:
      return "Partial Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 416:
      return "Range Not Satisfiable";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "";
  }
}

bool names_content_type(const std::pair<std::string, std::string>& header) {
  constexpr std::string_view name = "content-type";
  return std::equal(
      header.first.begin(), header.first.end(), name.begin(), name.end(),
      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

}  // namespace

void inflight_tracker::acquire() {
  count_.fetch_add(1, std::memory_order_relaxed);
}

// Only the release that reaches zero takes the lock, so a waiter can never
// miss its wake-up and the per-request cost stays one atomic operation.
void inflight_tracker::release() {
  if (count_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  std::lock_guard guard{mtx_};
  cv_.notify_all();
}

bool inflight_tracker::wait_idle(std::chrono::milliseconds limit) {
  std::unique_lock lock{mtx_};
  return cv_.wait_for(lock, limit, [this] { return count_.load(std::memory_order_acquire) == 0; });
}

responder::responder(restinio::request_handle_t req, std::shared_ptr<inflight_tracker> tracker)
    : req_(std::move(req)), tracker_(std::move(tracker)) {
  if (tracker_) tracker_->acquire();
}

responder::responder(std::function<void(const reply&)> sink) : sink_(std::move(sink)) {}

responder::~responder() {
  if (req_ || sink_) {
    // Nobody answered (an actor died or dropped the request): never leave the
    // client with an empty reply.
    send(json_reply(500, mj::envelope(mj::result_code::failure, "系统异常")));
  }
  if (tracker_) tracker_->release();
}

void responder::add_to_every_answer(std::vector<std::pair<std::string, std::string>> headers) {
  common_headers_ = std::move(headers);
}

void responder::send(const reply& r) {
  if (auto sink = std::exchange(sink_, nullptr)) return sink(r);
  auto req = std::exchange(req_, nullptr);
  if (!req) return;
  try {
    auto status = restinio::http_status_line_t{
        restinio::http_status_code_t{static_cast<std::uint16_t>(r.status)},
        reason_phrase(r.status)};
    auto resp = req->create_response(std::move(status));
    // JSON unless the reply names its own type (images).
    if (!std::any_of(r.headers.begin(), r.headers.end(), names_content_type))
      resp.append_header(restinio::http_field::content_type, json_content_type);
    for (const auto& [name, value] : r.headers) resp.append_header(name, value);
    for (const auto& [name, value] : common_headers_) resp.append_header(name, value);
    resp.set_body(r.body);
    resp.done();
  } catch (const std::exception& e) {
    spdlog::error("http: failed to send a response: {}", e.what());
  }
}

}  // namespace mjgate::http
