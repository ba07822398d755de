// The one error type of Outcome LRS. Errors are values: every fallible function returns a
// Status or a Result<T>; no exception crosses a module boundary. The HTTP layer maps an
// ErrorCode to a status code in exactly one place (lrs/http/error_response.cpp).
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace lrs {

// What kind of failure happened, in the vocabulary of xAPI Part Three §3.2 (Error Codes).
enum class ErrorCode {
  kBadRequest,          // invalid or missing argument, malformed JSON, invalid statement
  kUnauthorized,        // no credentials, or credentials refused
  kForbidden,           // valid credentials without permission for the action
  kNotFound,            // the addressed resource does not exist
  kMethodNotAllowed,    // the resource exists but does not support the HTTP method
  kConflict,            // statement id reused with different content
  kPreconditionFailed,  // If-Match / If-None-Match precondition failed
  kPayloadTooLarge,     // body larger than the configured limit
  kUnavailable,         // the server is shutting down or overloaded
  kInternal,            // a fault of the LRS itself (I/O error, bug)
  // Last, so that the values above keep their numbers for plugins built before it.
  kTooManyRequests,  // the client (a credential, or an address) passed its request rate
};

// Returns a stable lower-case name for `code` ("bad_request", ...), used in logs and bodies.
const char* ErrorCodeName(ErrorCode code);

class Error {
 public:
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  ErrorCode code() const { return code_; }
  // A human-readable sentence naming what was wrong (for a validation error: the JSON path).
  const std::string& message() const { return message_; }

  static Error BadRequest(std::string m) { return {ErrorCode::kBadRequest, std::move(m)}; }
  static Error Unauthorized(std::string m) { return {ErrorCode::kUnauthorized, std::move(m)}; }
  static Error Forbidden(std::string m) { return {ErrorCode::kForbidden, std::move(m)}; }
  static Error NotFound(std::string m) { return {ErrorCode::kNotFound, std::move(m)}; }
  static Error Conflict(std::string m) { return {ErrorCode::kConflict, std::move(m)}; }
  static Error Internal(std::string m) { return {ErrorCode::kInternal, std::move(m)}; }

 private:
  ErrorCode code_;
  std::string message_;
};

// Success, or an Error. Cheap to copy on success.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  static Status Ok() { return Status(); }
  bool ok() const { return !error_.has_value(); }
  // Requires !ok().
  const Error& error() const {
    assert(error_.has_value());
    return *error_;
  }

 private:
  std::optional<Error> error_;
};

// A value of type T, or an Error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design
  // Requires !status.ok().
  Result(const Status& status) : v_(status.error()) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  // Requires ok().
  T& value() & {
    assert(ok());
    return std::get<T>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(v_));
  }
  // Requires !ok().
  const Error& error() const {
    assert(!ok());
    return std::get<Error>(v_);
  }
  Status status() const { return ok() ? Status() : Status(error()); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace lrs

// Evaluates `expr` (a Status); returns it from the enclosing function when it is an error.
#define LRS_RETURN_IF_ERROR(expr)                      \
  do {                                                 \
    ::lrs::Status lrs_status_ = (expr);                \
    if (!lrs_status_.ok()) return lrs_status_.error(); \
  } while (0)
