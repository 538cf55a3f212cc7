#include "http/image_reply.hpp"

#include "images/byte_range.hpp"
#include "images/etag.hpp"
#include "images/image_store.hpp"

namespace mjgate::http {

namespace {

reply image_not_found() {
  return reply{404, R"({"error":"midjourney_task_not_found"})", {}};
}

}  // namespace

reply image_reply(const std::filesystem::path& dir, std::string_view id,
                  std::optional<std::string_view> if_none_match,
                  std::optional<std::string_view> range) {
  auto found = images::find_image(dir, id);
  if (!found) return image_not_found();
  auto etag = images::make_etag(found->size, found->mtime_ns);
  // Only final images are kept, and a kept file never changes: cacheable.
  reply out{200, {}, {{"ETag", etag}, {"Cache-Control", "public, max-age=86400"}}};
  if (if_none_match && images::if_none_match_matches(*if_none_match, etag)) {
    out.status = 304;
    out.headers.emplace_back("Content-Type", found->content_type);
    return out;
  }
  auto decision = images::decide_range(range, found->size);
  if (decision.kind == images::range_kind::unsatisfiable) {
    out.status = 416;
    out.body = R"({"error":"range_not_satisfiable"})";
    out.headers.emplace_back("Content-Range", images::content_range(decision, found->size));
    return out;
  }
  std::uint64_t first = 0, count = found->size;
  if (decision.kind == images::range_kind::partial) {
    out.status = 206;
    first = decision.first;
    count = decision.last - decision.first + 1;
    out.headers.emplace_back("Content-Range", images::content_range(decision, found->size));
  }
  auto bytes = images::read_bytes(found->path, first, count);
  if (!bytes) return image_not_found();  // removed or truncated since the lookup
  out.body = std::move(*bytes);
  out.headers.emplace_back("Content-Type", found->content_type);
  out.headers.emplace_back("Accept-Ranges", "bytes");
  return out;
}

}  // namespace mjgate::http
