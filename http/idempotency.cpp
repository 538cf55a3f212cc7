#include "http/idempotency.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <string_view>

#include "actors/type_ids.hpp"
#include "domain/idempotency.hpp"
#include "http/dialects/backend/envelope.hpp"
#include "http/dialects/mj/envelope.hpp"
#include "http/dialects/node/envelope.hpp"
#include "http/dialects/suno/suno.hpp"
#include "http/errors.hpp"
#include "http/optional_view.hpp"
#include "http/routes.hpp"

namespace mjgate::http {

namespace {

constexpr std::string_view header_name = "Idempotency-Key";

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// The claim waits up to 10 s for a running duplicate; the keeper answers
// first, this is only the bound on a keeper that never answers.
constexpr std::chrono::milliseconds claim_timeout{domain::idempotency_wait_ms + 5'000};

}  // namespace

bool replayable(const reply& r) {
  if (r.status == 429 || r.status >= 500) return false;
  for (const auto& [name, value] : r.headers)
    if (iequals(name, "Retry-After")) return false;
  // The mj dialect answers saturation (23) and system errors (9) with HTTP
  // 200; no other dialect uses an integer code of 23 or 9.
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_object() && j.contains("code") && j["code"].is_number_integer()) {
    auto code = j["code"].get<long long>();
    if (code == 23 || code == 9) return false;
  }
  return true;
}

actors::stored_response to_stored(const reply& r) {
  actors::stored_response s;
  s.status = r.status;
  for (const auto& [name, value] : r.headers) {
    s.headers.push_back(name);
    s.headers.push_back(value);
  }
  s.body = r.body;
  return s;
}

reply from_stored(const actors::stored_response& s) {
  reply r;
  r.status = s.status;
  for (std::size_t i = 0; i + 1 < s.headers.size(); i += 2)
    r.headers.emplace_back(s.headers[i], s.headers[i + 1]);
  r.body = s.body;
  return r;
}

void run_idempotent(const route_context& ctx, const restinio::request_handle_t& req,
                    std::int64_t user_id, responder_ptr r, idem_reject reject,
                    std::function<void(responder_ptr)> work) {
  auto header = to_std(req->header().opt_value_of(header_name));
  if (!header) return work(std::move(r));
  if (!domain::valid_idempotency_key(*header)) return r->send(reject(idem_refusal::invalid_key));
  if (!ctx.idempotency) return r->send(reject(idem_refusal::unavailable));
  auto keeper = ctx.idempotency;
  std::string key{*header};
  ctx.sys->spawn([=, work = std::move(work)](caf::event_based_actor* self) {
    self->request(keeper, claim_timeout, actors::idem_claim_atom_v, user_id, key)
        .then(
            [=](actors::idem_claim& claim) {
              if (claim.replay) return r->send(from_stored(claim.response));
              // The answer is stored before the client sees it, so a client
              // that got it and retries after a crash gets it again.
              auto sys = &self->home_system();
              auto inner = std::make_shared<responder>([=](const reply& answer) {
                if (!replayable(answer)) {
                  caf::anon_send(keeper, actors::idem_drop_atom_v, user_id, key);
                  return r->send(answer);
                }
                sys->spawn([=](caf::event_based_actor* me) {
                  me->request(keeper, claim_timeout, actors::idem_done_atom_v, user_id, key,
                              to_stored(answer))
                      .then([=](bool) { r->send(answer); },
                            [=](caf::error& err) {
                              spdlog::error("idempotency: storing an answer: {}",
                                            caf::to_string(err));
                              r->send(answer);
                            });
                });
              });
              try {
                work(inner);
              } catch (const std::exception&) {
                inner->send(reject(idem_refusal::bad_request));
              }
            },
            [=](caf::error& err) {
              auto code = domain_code(err);
              r->send(reject(code == domain::errc::conflict ? idem_refusal::still_running
                                                            : idem_refusal::unavailable));
            });
  });
}

reply mj_idem_reject(idem_refusal why) {
  switch (why) {
    case idem_refusal::invalid_key:
      return mj::validation_reply(400, "Idempotency-Key无效：须为1到128个可见ASCII字符");
    case idem_refusal::still_running: {
      auto body = mj::envelope(mj::result_code::queue_rejected,
                               "相同Idempotency-Key的请求仍在处理中，请稍后重试");
      return json_reply(200, body);
    }
    case idem_refusal::bad_request:
      return mj::validation_reply(400, "请求参数错误");
    case idem_refusal::unavailable:
    default:
      return json_reply(503, mj::envelope(mj::result_code::failure, "系统异常"));
  }
}

reply node_idem_reject(idem_refusal why) {
  switch (why) {
    case idem_refusal::invalid_key:
      return node::error_reply(400, "Idempotency-Key无效：须为1到128个可见ASCII字符");
    case idem_refusal::still_running:
      return node::error_reply(409, "相同Idempotency-Key的请求仍在处理中，请稍后重试");
    case idem_refusal::bad_request:
      return node::invalid("请求参数错误");
    case idem_refusal::unavailable:
    default:
      return node::error_reply(503, "系统异常");
  }
}

reply backend_idem_reject(idem_refusal why) {
  using backend::code;
  switch (why) {
    case idem_refusal::invalid_key:
      return backend::error_reply(code::invalid_request,
                                  "Idempotency-Key无效：须为1到128个可见ASCII字符");
    case idem_refusal::still_running:
      return backend::error_reply(code::duplicated_entry,
                                  "相同Idempotency-Key的请求仍在处理中，请稍后重试", 409);
    case idem_refusal::bad_request:
      return backend::error_reply(code::invalid_request, "请求参数错误");
    case idem_refusal::unavailable:
    default:
      return backend::error_reply(code::internal, {}, 503);
  }
}

reply suno_idem_reject(idem_refusal why) {
  switch (why) {
    case idem_refusal::invalid_key:
      return suno::error_reply(400, "invalid_request",
                               "Idempotency-Key must be 1 to 128 visible ASCII characters");
    case idem_refusal::still_running:
      return suno::error_reply(409, "idempotency_in_progress",
                               "a request with this Idempotency-Key is still running");
    case idem_refusal::bad_request:
      return suno::error_reply(400, "invalid_request", "malformed request");
    case idem_refusal::unavailable:
    default:
      return suno::error_reply(503, "internal", "idempotency store unavailable");
  }
}

}  // namespace mjgate::http
