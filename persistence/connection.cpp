#include "persistence/connection.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>
#include <variant>

#include "actors/type_ids.hpp"
#include "domain/errc.hpp"
#include "persistence/migrations.hpp"
#include "persistence/store.hpp"

namespace mjgate::persistence {

namespace {

bool is_connection_error(soci::session& sql, const std::exception& e) {
  if (auto* se = dynamic_cast<const soci::soci_error*>(&e);
      se && se->get_error_category() == soci::soci_error::connection_error)
    return true;
  try {
    return !sql.is_connected();
  } catch (...) {
    return true;
  }
}

}  // namespace

caf::error storage_error(const std::string& what) {
  return caf::error{domain::errc::storage_failure, what};
}

std::string brief(const std::exception& e) {
  std::string what = e.what();
  if (auto at = what.find(" while executing \""); at != std::string::npos) what.resize(at);
  return what;
}

connection::connection(std::string dsn_text, std::shared_ptr<store_stats> stats)
    : dsn_text_(std::move(dsn_text)), stats_(std::move(stats)) {}

soci::session& connection::get() {
  if (!open_) {
    auto parsed = parse_dsn(dsn_text_);
    if (auto* err = std::get_if<std::string>(&parsed)) throw std::runtime_error(*err);
    target_ = std::get<dsn>(parsed);
    if (on_close_) on_close_();
    try {
      sql_.close();
    } catch (...) {
    }
    open_session(sql_, target_);
    migrate(sql_, target_.kind);
    open_ = true;
  }
  return sql_;
}

bool connection::lost(soci::session& sql, const std::exception& e) {
  if (!is_connection_error(sql, e)) return false;
  spdlog::warn("storage: connection lost ({}), reconnecting", brief(e));
  open_ = false;
  if (stats_) ++stats_->reconnects;
  return true;
}

}  // namespace mjgate::persistence
