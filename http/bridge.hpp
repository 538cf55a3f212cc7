// The CAF <-> RESTinio bridge (stack-notes.md §3): an RAII responder that
// always answers exactly once, and an ask with a finite timeout whose result
// and error both end in that responder. The only header seeing CAF and RESTinio.
#pragma once

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/typed_actor.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>

#include <restinio/all.hpp>

#include "http/reply.hpp"

namespace mjgate::http {

/// Counts responders that have not answered yet, so the server can wait for
/// them (bounded) before it stops its io_context. Thread-safe.
class inflight_tracker {
 public:
  void acquire();
  void release();
  /// True once the count is zero; false if `limit` passed first.
  bool wait_idle(std::chrono::milliseconds limit);

 private:
  std::mutex mtx_;
  std::condition_variable cv_;
  std::atomic<std::size_t> count_{0};
};

/// Owns one request handle and answers it at most once, from any thread.
/// Destroyed unanswered, it answers 500 with a code-9 envelope.
class responder {
 public:
  responder(restinio::request_handle_t req, std::shared_ptr<inflight_tracker> tracker);
  /// A responder without a request: its one answer goes to `sink` instead
  /// (the idempotency layer captures an answer before the client gets it).
  explicit responder(std::function<void(const reply&)> sink);
  responder(const responder&) = delete;
  responder& operator=(const responder&) = delete;
  ~responder();

  /// Sends `r` (JSON content type plus r.headers); later calls do nothing.
  void send(const reply& r);

  /// Headers every answer of this request carries (CORS), set before any
  /// handler runs.
  void add_to_every_answer(std::vector<std::pair<std::string, std::string>> headers);

 private:
  restinio::request_handle_t req_;
  std::function<void(const reply&)> sink_;
  std::vector<std::pair<std::string, std::string>> common_headers_;
  std::shared_ptr<inflight_tracker> tracker_;
};

using responder_ptr = std::shared_ptr<responder>;

/// Spawns a one-shot actor that asks `dst` (timeout `timeout`) and answers
/// through `r`: `on_ok(Result&)` and `on_err(const caf::error&)` each return
/// the reply. Never blocks; callable from RESTinio threads.
template <class Result, class Handle, class OnOk, class OnErr, class... Ts>
void ask(caf::actor_system& sys, const Handle& dst, std::chrono::milliseconds timeout,
         responder_ptr r, OnOk on_ok, OnErr on_err, Ts... xs) {
  sys.spawn([=](caf::event_based_actor* self) {
    self->request(dst, timeout, xs...)
        .then([r, on_ok](Result& res) { r->send(on_ok(res)); },
              [r, on_err](caf::error& err) { r->send(on_err(err)); });
  });
}

}  // namespace mjgate::http
