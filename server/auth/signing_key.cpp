#include "auth/signing_key.hpp"

#include "auth/access_token.hpp"
#include "auth/base64url.hpp"
#include "auth/secrets.hpp"
#include "auth/sodium_init.hpp"

#include <cerrno>
#include <fcntl.h>
#include <optional>
#include <sodium.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace cc::auth {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxKeyFileBytes = 4096;  // a key file is ~65 bytes; more is not ours
constexpr int kOpenAttempts = 3;                // races with other creators settle in one retry

class UniqueFd {
 public:
  explicit UniqueFd(int fd) noexcept : fd_(fd) {}
  ~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  UniqueFd(UniqueFd const&) = delete;
  UniqueFd& operator=(UniqueFd const&) = delete;

  int get() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  // Closes now, reporting the error close() may carry for data written through the fd.
  int close() noexcept {
    int const rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

// Removes a temporary file unless it was published.
class TempFileGuard {
 public:
  explicit TempFileGuard(fs::path path) : path_(std::move(path)) {}
  ~TempFileGuard() { ::unlink(path_.c_str()); }
  TempFileGuard(TempFileGuard const&) = delete;
  TempFileGuard& operator=(TempFileGuard const&) = delete;

 private:
  fs::path path_;
};

Error file_error(fs::path const& file, std::string_view what, int error) {
  return make_error(ErrorCode::kInternal, std::string(what) + " " + file.string() + ": " +
                                              std::error_code(error, std::generic_category()).message());
}

Error bad_key(fs::path const& file, std::string_view what) {
  return make_error(ErrorCode::kInternal, "signing key file " + file.string() + " " + std::string(what));
}

// 0, or the errno of the failed write.
int write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t const n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

Result<std::string> read_key(int fd, fs::path const& file) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return file_error(file, "cannot inspect", errno);
  if (!S_ISREG(st.st_mode)) return bad_key(file, "is not a regular file");
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0 && ::fchmod(fd, S_IRUSR | S_IWUSR) != 0) {
    return file_error(file, "cannot restrict the permissions (to 0600) of", errno);
  }

  std::string text;
  char buffer[512];
  for (;;) {
    ssize_t const n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return file_error(file, "cannot read", errno);
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > kMaxKeyFileBytes) return bad_key(file, "is too large to hold a key");
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();

  auto key = base64url_decode(text);
  sodium_memzero(text.data(), text.size());
  if (!key) return bad_key(file, "does not hold a base64url-encoded key");
  if (key->size() < kMinSigningKeyBytes) {
    return bad_key(file, "holds a key of " + std::to_string(key->size()) + " bytes; at least " +
                             std::to_string(kMinSigningKeyBytes) + " are needed");
  }
  return std::move(*key);
}

// Writes a new key to a private temporary file and links it into place. link() fails when
// the name exists, so the key file appears complete or not at all, and a concurrent creator
// loses cleanly. Returns nullopt when another process published its key first.
Result<std::optional<std::string>> create_key(fs::path const& file) {
  init_sodium();
  fs::path const temp = file.string() + ".tmp-" + random_token(9);
  UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR));
  if (!fd) return file_error(temp, "cannot create", errno);
  TempFileGuard const remove_temp(temp);
  // The mode given to open() passes through the umask; set it exactly.
  if (::fchmod(fd.get(), S_IRUSR | S_IWUSR) != 0)
    return file_error(temp, "cannot set the permissions of", errno);

  std::string key(kGeneratedKeyBytes, '\0');
  randombytes_buf(key.data(), key.size());
  std::string line = base64url_encode(key) + "\n";
  int const write_error = write_all(fd.get(), line);
  sodium_memzero(line.data(), line.size());
  if (write_error != 0) return file_error(temp, "cannot write", write_error);
  if (::fsync(fd.get()) != 0) return file_error(temp, "cannot flush", errno);
  if (fd.close() != 0) return file_error(temp, "cannot close", errno);

  if (::link(temp.c_str(), file.c_str()) != 0) {
    if (errno == EEXIST) return std::optional<std::string>();
    return file_error(file, "cannot create", errno);
  }
  // Make the new directory entry durable too. Some file systems cannot fsync a directory;
  // the key is still in place then, just not guaranteed to survive a power cut.
  if (UniqueFd dir(::open(file.parent_path().empty() ? "." : file.parent_path().c_str(),
                          O_RDONLY | O_DIRECTORY | O_CLOEXEC));
      dir) {
    ::fsync(dir.get());
  }
  return std::optional<std::string>(std::move(key));
}

}  // namespace

Result<std::string> load_or_create_signing_key(fs::path const& data_dir) {
  fs::path const file = data_dir / kSigningKeyFileName;
  for (int attempt = 0; attempt < kOpenAttempts; ++attempt) {
    if (UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC)); fd) return read_key(fd.get(), file);
    if (errno != ENOENT) return file_error(file, "cannot open", errno);
    auto created = create_key(file);
    if (!created) return std::move(created).error();
    if (*created) return std::move(**created);
    // Another process created the file between our open and our link: read theirs.
  }
  return make_error(ErrorCode::kInternal,
                    "signing key file " + file.string() + " keeps disappearing; is something deleting it?");
}

Result<std::string> key_from_secret(std::string_view secret) {
  if (secret.size() < kMinSigningKeyBytes) {
    return make_error(ErrorCode::kInvalidMessage, "the JWT secret must be at least " +
                                                      std::to_string(kMinSigningKeyBytes) +
                                                      " bytes; it has " + std::to_string(secret.size()));
  }
  return std::string(secret);
}

}  // namespace cc::auth
