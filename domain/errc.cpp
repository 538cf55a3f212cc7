#include "domain/errc.hpp"

namespace mjgate::domain {

std::string_view to_string(errc e) {
  switch (e) {
    case errc::none:
      return "none";
    case errc::validation:
      return "validation";
    case errc::task_not_found:
      return "task_not_found";
    case errc::parent_invalid:
      return "parent_invalid";
    case errc::no_account:
      return "no_account";
    case errc::queue_full:
      return "queue_full";
    case errc::banned_prompt:
      return "banned_prompt";
    case errc::storage_failure:
      return "storage_failure";
    case errc::internal:
      return "internal";
    case errc::unauthorized:
      return "unauthorized";
    case errc::forbidden:
      return "forbidden";
    case errc::timeout:
      return "timeout";
    case errc::not_found:
      return "not_found";
    case errc::conflict:
      return "conflict";
    case errc::rate_limited:
      return "rate_limited";
    case errc::account_not_found:
      return "account_not_found";
    case errc::insufficient_quota:
      return "insufficient_quota";
    case errc::upstream_failed:
      return "upstream_failed";
    case errc::too_many_pending:
      return "too_many_pending";
  }
  return "unknown";
}

}  // namespace mjgate::domain
