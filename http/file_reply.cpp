#include "http/file_reply.hpp"

#include <string>

#include "images/byte_range.hpp"
#include "images/etag.hpp"

namespace mjgate::http {

reply file_reply(const images::stored_image& file, std::string_view cache_control,
                 std::optional<std::string_view> if_none_match,
                 std::optional<std::string_view> range, const reply& gone) {
  auto etag = images::make_etag(file.size, file.mtime_ns);
  reply out{200, {}, {{"ETag", etag}, {"Cache-Control", std::string{cache_control}}}};
  if (if_none_match && images::if_none_match_matches(*if_none_match, etag)) {
    out.status = 304;
    out.headers.emplace_back("Content-Type", file.content_type);
    return out;
  }
  auto decision = images::decide_range(range, file.size);
  if (decision.kind == images::range_kind::unsatisfiable) {
    out.status = 416;
    out.body = R"({"error":"range_not_satisfiable"})";
    out.headers.emplace_back("Content-Range", images::content_range(decision, file.size));
    return out;
  }
  std::uint64_t first = 0, count = file.size;
  if (decision.kind == images::range_kind::partial) {
    out.status = 206;
    first = decision.first;
    count = decision.last - decision.first + 1;
    out.headers.emplace_back("Content-Range", images::content_range(decision, file.size));
  }
  auto bytes = images::read_bytes(file.path, first, count);
  if (!bytes) return gone;  // removed or truncated since the lookup
  out.body = std::move(*bytes);
  out.headers.emplace_back("Content-Type", file.content_type);
  out.headers.emplace_back("Accept-Ranges", "bytes");
  return out;
}

}  // namespace mjgate::http
