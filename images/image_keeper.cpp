#include "images/image_keeper.hpp"

#include <caf/actor_system.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <map>

namespace mjgate::images {

namespace {

struct pending_copy {
  std::string id;
  caf::typed_response_promise<std::string> promise;
};

struct keeper_state {
  std::shared_ptr<const image_copier> copier;
  std::string base;
  std::uint64_t next_token = 0;
  std::map<std::uint64_t, pending_copy> pending;
  static inline const char* name = "image_keeper";
};

using self_ptr = image_keeper_actor::stateful_pointer<keeper_state>;

}  // namespace

std::string public_image_url(std::string_view base, std::string_view id) {
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  return std::string{base} + "/mj/image/" + std::string{id};
}

image_keeper_actor spawn_image_keeper(caf::actor_system& sys,
                                      std::shared_ptr<const image_copier> copier,
                                      std::string public_base) {
  auto behavior = [](self_ptr self, std::shared_ptr<const image_copier> copier,
                     std::string base) -> image_keeper_actor::behavior_type {
    self->state.copier = std::move(copier);
    self->state.base = std::move(base);
    return {
        [self](keep_atom, std::string& id, std::string& url) -> caf::result<std::string> {
          auto& st = self->state;
          auto token = st.next_token++;
          auto rp = self->make_response_promise<std::string>();
          st.pending.emplace(token, pending_copy{id, rp});
          // The callback runs on the io thread: it only sends a message back,
          // so the promise is delivered from this actor's own context.
          st.copier->copy(std::move(id), std::move(url),
                          [handle = image_keeper_actor{self}, token](copy_result res) {
                            caf::anon_send(handle, kept_atom_v, token, std::move(res.error));
                          });
          return rp;
        },
        [self](base_atom, std::string& base) { self->state.base = std::move(base); },
        [self](kept_atom, std::uint64_t token, std::string& error) {
          auto& st = self->state;
          auto it = st.pending.find(token);
          if (it == st.pending.end()) return;
          auto [id, rp] = std::move(it->second);
          st.pending.erase(it);
          if (error.empty())
            rp.deliver(public_image_url(st.base, id));
          else
            rp.deliver(caf::make_error(caf::sec::runtime_error, std::move(error)));
        },
    };
  };
  return sys.spawn(behavior, std::move(copier), std::move(public_base));
}

}  // namespace mjgate::images
