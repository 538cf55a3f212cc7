// The password hasher's typed interface: argon2id (libsodium crypto_pwhash
// at the INTERACTIVE limits) on its own thread, never on RESTinio or CAF
// shared threads (ARCHITECTURE.md invariant 7).
#pragma once

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/type_ids.hpp"

namespace mjgate::actors {

using password_hasher_actor = caf::typed_actor<
    /// The argon2id string of a password ("$argon2id$v=19$..."). Error:
    /// errc::internal when libsodium runs out of memory.
    caf::replies_to<hash_atom, std::string>::with<std::string>,
    /// Does the password match the stored argon2id string? False for an
    /// empty or malformed string.
    caf::replies_to<verify_atom, std::string, std::string>::with<bool>>;

}  // namespace mjgate::actors
