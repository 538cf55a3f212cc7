#include "persistence/idempotency_keeper.hpp"

#include <caf/actor_system.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "domain/errc.hpp"
#include "domain/idempotency.hpp"
#include "persistence/connection.hpp"
#include "persistence/idempotency_repository.hpp"

namespace mjgate::persistence {

namespace {

using actors::idem_claim;
using actors::stored_response;
using key_type = std::pair<std::int64_t, std::string>;

std::int64_t system_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string encode_headers(const std::vector<std::string>& flat) {
  auto out = nlohmann::json::array();
  for (std::size_t i = 0; i + 1 < flat.size(); i += 2) out.push_back({flat[i], flat[i + 1]});
  return out.dump();
}

std::vector<std::string> decode_headers(const std::string& text) {
  std::vector<std::string> flat;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return flat;
  for (const auto& pair : j) {
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string())
      continue;
    flat.push_back(pair[0].get<std::string>());
    flat.push_back(pair[1].get<std::string>());
  }
  return flat;
}

struct waiter {
  std::uint64_t id = 0;
  caf::typed_response_promise<idem_claim> rp;
};

/// A claim whose request is still running, and the duplicates waiting for it.
struct running {
  std::int64_t since = 0;
  std::vector<waiter> waiters;
};

struct keeper_state {
  static inline const char* name = "mjgate.idempotency";
  idempotency_settings cfg;
  std::unique_ptr<connection> conn;
  std::map<key_type, running> claims;
  std::uint64_t next_waiter = 1;

  std::int64_t now() const { return cfg.clock ? cfg.clock() : system_now_ms(); }
};

using keeper_actor = actors::idempotency_actor::stateful_pointer<keeper_state>;

caf::error conflict() {
  return caf::make_error(domain::errc::conflict,
                         std::string{"a request with this Idempotency-Key is still running"});
}

actors::idempotency_actor::behavior_type keeper(keeper_actor self, idempotency_settings cfg) {
  self->state.cfg = std::move(cfg);
  self->state.conn = std::make_unique<connection>(self->state.cfg.dsn, nullptr);
  self->send(self, actors::tick_atom_v);
  auto prune = [self]() -> std::int32_t {
    auto& st = self->state;
    const auto t = st.now();
    // Claims whose request never reported (its actor died) stop blocking the key.
    const auto stale = t - st.cfg.abandon_after.count();
    for (auto it = st.claims.begin(); it != st.claims.end();) {
      if (it->second.since < stale && it->second.waiters.empty())
        it = st.claims.erase(it);
      else
        ++it;
    }
    try {
      auto n = st.conn->run([&](soci::session& sql) {
        return prune_idempotency(sql, domain::idempotency_prune_before(t));
      });
      if (n > 0) spdlog::info("idempotency: pruned {} expired keys", n);
      return static_cast<std::int32_t>(n);
    } catch (const std::exception& e) {
      spdlog::warn("idempotency: prune failed: {}", brief(e));
      return -1;
    }
  };
  return {
      [self](actors::idem_claim_atom, std::int64_t user,
             const std::string& key) -> caf::result<idem_claim> {
        auto& st = self->state;
        key_type k{user, key};
        if (auto it = st.claims.find(k); it != st.claims.end()) {
          auto rp = self->make_response_promise<idem_claim>();
          const auto id = st.next_waiter++;
          it->second.waiters.push_back({id, rp});
          self->delayed_send(self, st.cfg.wait, actors::idem_wait_atom_v, user, key, id);
          return rp;
        }
        try {
          auto row =
              st.conn->run([&](soci::session& sql) { return find_idempotency(sql, user, key); });
          if (row && !domain::idempotency_expired(row->created_at, st.now()))
            return idem_claim{true, stored_response{row->status, decode_headers(row->headers),
                                                    row->body, row->created_at}};
        } catch (const std::exception& e) {
          spdlog::error("idempotency: lookup failed: {}", brief(e));
          return storage_error("idempotency lookup");
        }
        st.claims.emplace(std::move(k), running{st.now(), {}});
        return idem_claim{};
      },
      [self](actors::idem_done_atom, std::int64_t user, const std::string& key,
             stored_response& resp) -> caf::result<bool> {
        auto& st = self->state;
        resp.created_at = st.now();
        bool stored = true;
        try {
          idempotency_row row{
              user, key, resp.created_at, resp.status, encode_headers(resp.headers), resp.body};
          st.conn->run([&](soci::session& sql) { put_idempotency(sql, row); });
        } catch (const std::exception& e) {
          // The client still gets its answer; a later retry may run again.
          spdlog::error("idempotency: storing an answer failed: {}", brief(e));
          stored = false;
        }
        if (auto it = st.claims.find({user, key}); it != st.claims.end()) {
          for (auto& w : it->second.waiters) w.rp.deliver(idem_claim{true, resp});
          st.claims.erase(it);
        }
        return stored;
      },
      [self](actors::idem_drop_atom, std::int64_t user, const std::string& key) {
        auto& st = self->state;
        auto it = st.claims.find({user, key});
        if (it == st.claims.end()) return;
        auto& c = it->second;
        if (c.waiters.empty()) {
          st.claims.erase(it);
          return;
        }
        // The oldest waiter runs the request now; the others keep waiting.
        auto next = std::move(c.waiters.front());
        c.waiters.erase(c.waiters.begin());
        c.since = st.now();
        next.rp.deliver(idem_claim{});
      },
      [self](actors::idem_wait_atom, std::int64_t user, const std::string& key, std::uint64_t id) {
        auto& st = self->state;
        auto it = st.claims.find({user, key});
        if (it == st.claims.end()) return;
        auto& ws = it->second.waiters;
        for (auto w = ws.begin(); w != ws.end(); ++w) {
          if (w->id != id) continue;
          w->rp.deliver(conflict());
          ws.erase(w);
          return;
        }
      },
      [prune](actors::prune_atom) -> caf::result<std::int32_t> { return prune(); },
      [self, prune](actors::tick_atom) {
        prune();
        self->delayed_send(self, self->state.cfg.prune_every, actors::tick_atom_v);
      },
  };
}

}  // namespace

actors::idempotency_actor spawn_idempotency_keeper(caf::actor_system& sys,
                                                   idempotency_settings settings) {
  return sys.spawn<caf::detached>(keeper, std::move(settings));
}

}  // namespace mjgate::persistence
