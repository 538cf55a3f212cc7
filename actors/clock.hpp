// Wall-clock time in epoch milliseconds, the unit of every stored instant.
#pragma once

#include <chrono>
#include <cstdint>

namespace mjgate::actors {

inline std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace mjgate::actors
