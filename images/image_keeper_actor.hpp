// The image keeper's typed interface: task actors ask it to copy a final
// image into mjgate's store before they commit SUCCESS (api-contracts.md §3.10).
#pragma once

#include <caf/replies_to.hpp>
#include <caf/type_id.hpp>
#include <caf/typed_actor.hpp>

#include <cstdint>
#include <string>

// CAF 0.17 atoms are plain atom_constant aliases (no type ID needed); they
// belong alphabetically in actors/type_ids.hpp once the lead merges this.
CAF_ADD_ATOM(mjgate, mjgate::images, base_atom, "base")
CAF_ADD_ATOM(mjgate, mjgate::images, keep_atom, "keep")
CAF_ADD_ATOM(mjgate, mjgate::images, kept_atom, "kept")

namespace mjgate::images {

using image_keeper_actor = caf::typed_actor<
    /// Copies the image at `url` (second string) for task `id` (first) and
    /// replies its public URL `<base>/mj/image/<id>`. Error
    /// (sec::runtime_error with the reason) when the copy failed. Bounded by
    /// the copier's download timeout; callers still ask with a timeout.
    caf::replies_to<keep_atom, std::string, std::string>::with<std::string>,
    /// Sets the public base URL (app/ sends it once the HTTP port is known).
    caf::reacts_to<base_atom, std::string>,
    /// Internal: copy `token` finished; error text "" = success.
    caf::reacts_to<kept_atom, std::uint64_t, std::string>>;

}  // namespace mjgate::images
