#include "images/image_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "images/image_file.hpp"

namespace mjgate::images {

namespace {

constexpr std::array<std::string_view, 4> extensions{"png", "jpg", "webp", "gif"};

std::string errno_text(std::string_view what) {
  return std::string{what} + ": " + std::strerror(errno);
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    auto n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Unique within the process; the pid keeps two processes sharing a directory apart.
std::string temp_name(std::string_view id) {
  static std::atomic<std::uint64_t> counter{0};
  return "." + std::string{id} + "." + std::to_string(::getpid()) + "." +
         std::to_string(counter.fetch_add(1)) + ".tmp";
}

}  // namespace

std::optional<stored_image> find_file(const std::filesystem::path& dir, std::string_view name,
                                      std::string_view content_type) {
  if (dir.empty() || name.empty()) return std::nullopt;
  auto path = dir / std::string{name};
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return stored_image{
      std::move(path), std::string{content_type}, static_cast<std::uint64_t>(st.st_size),
      static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

std::optional<stored_image> find_image(const std::filesystem::path& dir, std::string_view id) {
  if (dir.empty() || !is_valid_image_id(id)) return std::nullopt;
  for (auto ext : extensions)
    if (auto found =
            find_file(dir, std::string{id} + "." + std::string{ext}, content_type_for(ext)))
      return found;
  return std::nullopt;
}

std::optional<std::filesystem::path> write_file(const std::filesystem::path& dir,
                                                std::string_view name, std::string_view bytes,
                                                std::string& problem) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    problem = "cannot create " + dir.string() + ": " + ec.message();
    return std::nullopt;
  }
  auto temp = dir / temp_name(name);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    problem = errno_text("open " + temp.string());
    return std::nullopt;
  }
  bool ok = write_all(fd, bytes) && ::fsync(fd) == 0;
  if (!ok) problem = errno_text("write " + temp.string());
  if (::close(fd) != 0 && ok) {
    ok = false;
    problem = errno_text("close " + temp.string());
  }
  auto final_path = dir / std::string{name};
  if (ok && ::rename(temp.c_str(), final_path.c_str()) != 0) {
    ok = false;
    problem = errno_text("rename to " + final_path.string());
  }
  if (!ok) {
    ::unlink(temp.c_str());
    return std::nullopt;
  }
  return final_path;
}

std::optional<std::filesystem::path> write_image(const std::filesystem::path& dir,
                                                 std::string_view id, std::string_view content_type,
                                                 std::string_view bytes, std::string& problem) {
  auto name = image_file_name(id, content_type);
  if (name.empty()) {
    problem = "invalid task id or unsupported image type '" + std::string{content_type} + "'";
    return std::nullopt;
  }
  return write_file(dir, name, bytes, problem);
}

std::optional<std::string> read_bytes(const std::filesystem::path& path, std::uint64_t offset,
                                      std::uint64_t count) {
  std::ifstream in{path, std::ios::binary};
  if (!in) return std::nullopt;
  in.seekg(static_cast<std::streamoff>(offset));
  std::string out(count, '\0');
  in.read(out.data(), static_cast<std::streamsize>(count));
  if (static_cast<std::uint64_t>(in.gcount()) != count) return std::nullopt;
  return out;
}

}  // namespace mjgate::images
