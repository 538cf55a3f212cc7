#include "domain/account.hpp"

namespace mjgate::domain {

std::string mask_secret(const std::string& secret) {
  if (secret.size() < 12) return "********";
  return secret.substr(0, 4) + "********" + secret.substr(secret.size() - 4);
}

}  // namespace mjgate::domain
