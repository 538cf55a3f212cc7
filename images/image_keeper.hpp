// Spawning the image keeper (interface in images/image_keeper_actor.hpp): one
// actor that turns keep requests into copies on the http_client's io thread.
#pragma once

#include <caf/fwd.hpp>

#include <memory>
#include <string>

#include "images/image_copier.hpp"
#include "images/image_keeper_actor.hpp"

namespace mjgate::images {

/// The public URL of a kept image: "<base>/mj/image/<id>" (a trailing '/' of
/// `base` is dropped).
std::string public_image_url(std::string_view base, std::string_view id);

/// Spawns the keeper. `public_base` is server.public_base_url or
/// http://<host>:<port>. The copier (and its http_client) must outlive the
/// actor. Never blocks: downloads and writes run on the client's io thread.
image_keeper_actor spawn_image_keeper(caf::actor_system& sys,
                                      std::shared_ptr<const image_copier> copier,
                                      std::string public_base);

}  // namespace mjgate::images
