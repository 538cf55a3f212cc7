#include "persistence/secret_key_file.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace mjgate::persistence {

namespace {

std::string_view trimmed(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::variant<key_file, std::string> read_key(const std::filesystem::path& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in)
    return "security: cannot read the key file " + path.string() + ": " + std::strerror(errno);
  std::ostringstream text;
  text << in.rdbuf();
  auto content = text.str();
  auto key = parse_secret_key(trimmed(content));
  sodium_memzero(content.data(), content.size());
  if (!key)
    return "security: the key file " + path.string() +
           " does not hold a 32-byte key (64 hex digits); restore it from a backup, or remove it "
           "to start over (stored Discord tokens must then be entered again)";
  return key_file{*key, false};
}

}  // namespace

std::variant<key_file, std::string> load_or_create_key_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return read_key(path);
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  key_file out;
  randombytes_buf(out.key.data(), out.key.size());
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return read_key(path);  // another process created it meanwhile
    return "security: cannot create the key file " + path.string() + ": " + std::strerror(errno);
  }
  auto text = to_hex(out.key) + "\n";
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  int saved = errno;
  sodium_memzero(text.data(), text.size());
  ::close(fd);
  if (!ok) {
    std::filesystem::remove(path, ec);
    return "security: cannot write the key file " + path.string() + ": " + std::strerror(saved);
  }
  out.created = true;
  return out;
}

}  // namespace mjgate::persistence
