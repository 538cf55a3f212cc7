#include "http/form_data.hpp"

#include <restinio/helpers/http_field_parsers/content-disposition.hpp>
#include <restinio/helpers/http_field_parsers/content-type.hpp>
#include <restinio/helpers/multipart_body.hpp>

namespace mjgate::http {

namespace {

namespace hfp = restinio::http_field_parsers;
namespace mp = restinio::multipart_body;

std::string to_string(std::string_view v) {
  return std::string{v.data(), v.size()};
}

// "--<boundary>" of a multipart/form-data Content-Type, or nullopt.
std::optional<std::string> boundary_mark(std::string_view content_type) {
  auto parsed = hfp::content_type_value_t::try_parse(content_type);
  if (!parsed) return std::nullopt;
  const auto& media = parsed->media_type;
  if (!restinio::impl::is_equal_caseless(media.type, "multipart") ||
      !restinio::impl::is_equal_caseless(media.subtype, "form-data"))
    return std::nullopt;
  auto boundary = hfp::find_first(media.parameters, "boundary");
  if (!boundary || mp::check_boundary_value(*boundary)) return std::nullopt;
  return "--" + to_string(*boundary);
}

}  // namespace

std::optional<std::vector<form_part>> parse_form_data(std::string_view content_type,
                                                      std::string_view body) {
  auto mark = boundary_mark(content_type);
  if (!mark) return std::nullopt;
  auto parts = mp::split_multipart_body(body, *mark);
  if (parts.empty()) return std::nullopt;
  std::vector<form_part> out;
  for (auto part : parts) {
    auto parsed = mp::try_parse_part(part);
    if (!parsed) return std::nullopt;
    auto disposition = parsed->fields.opt_value_of(restinio::http_field::content_disposition);
    if (!disposition) continue;
    auto cd = hfp::content_disposition_value_t::try_parse(*disposition);
    if (!cd || !restinio::impl::is_equal_caseless(cd->value, "form-data")) continue;
    auto name = hfp::find_first(cd->parameters, "name");
    if (!name) continue;
    form_part p{to_string(*name), std::nullopt, parsed->body};
    if (auto file = hfp::find_first(cd->parameters, "filename"))
      p.filename = to_string(*file);
    else if (auto file_ext = hfp::find_first(cd->parameters, "filename*"))
      p.filename = to_string(*file_ext);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace mjgate::http
