#include "http/dialects/newapi/envelope.hpp"

#include "http/json_writer.hpp"

namespace mjgate::http::newapi {

reply failure_reply(int http_status, std::string_view message) {
  std::string body;
  json_writer{body}.begin_object().field("success", false).field("message", message).end_object();
  return reply{http_status, std::move(body), {}};
}

std::string render_list(int page, int page_size, std::int64_t total,
                        const std::vector<std::string>& items) {
  std::string out;
  std::size_t size = 96;
  for (const auto& item : items) size += item.size() + 1;
  out.reserve(size);
  json_writer w{out};
  w.begin_object()
      .field("success", true)
      .field("message", "")
      .key("data")
      .begin_object()
      .field("page", page)
      .field("page_size", page_size)
      .field("total", total)
      .key("items")
      .begin_array();
  for (const auto& item : items) w.raw(item);
  w.end_array().end_object().end_object();
  return out;
}

}  // namespace mjgate::http::newapi
