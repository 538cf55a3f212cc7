// multipart/form-data bodies (RFC 7578), split into their named parts. The
// one translation unit that includes RESTinio's multipart helpers: in
// RESTinio 0.6.16 they define non-inline functions in the header, so a
// second includer breaks the link (multiple definition of try_parse_part).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mjgate::http {

/// One `Content-Disposition: form-data` part; `body` views the request body.
struct form_part {
  std::string name;
  std::optional<std::string> filename;  ///< set for file parts
  std::string_view body;
};

/// The form-data parts of `body` in order (parts without a form-data name
/// are skipped), or nullopt when `content_type` is not multipart/form-data
/// with a valid boundary, or the body is not a complete multipart body.
std::optional<std::vector<form_part>> parse_form_data(std::string_view content_type,
                                                      std::string_view body);

}  // namespace mjgate::http
