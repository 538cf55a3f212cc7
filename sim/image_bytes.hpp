// Image bytes served by the simulated CDN: a real PNG regenerated from a job hash (so nothing
// is stored) and a fixed tiny WebP for progress previews (§9.4).
#pragma once

#include <string>
#include <string_view>

namespace mjgate::sim {

/// A size×size RGB PNG with four coloured quadrants whose colours derive from `hash`.
/// Deterministic: the same hash and size always give the same bytes.
std::string make_grid_png(std::string_view hash, int size);

/// A small ISO-BMFF file (ftyp + free box naming `hash`) served as the animate result's mp4.
/// Deterministic per hash; players will not decode it, clients only store and forward it.
std::string make_video_mp4(std::string_view hash);

/// A valid 1×1 lossless WebP (RIFF/WEBP/VP8L), used for every `_grid_0.webp` preview.
const std::string& tiny_webp();

}  // namespace mjgate::sim
