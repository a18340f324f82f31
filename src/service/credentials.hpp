#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

// Secrets: random tokens, their hashes, and password hashing (libsodium).
namespace tertulia::service {

// `bytes` random bytes as URL-safe base64 without padding (32 bytes: 43 characters).
std::string RandomToken(size_t bytes = 32);

// SHA-256 of a high-entropy secret (session token, API key), as hex: what the database keeps.
std::string HashSecret(std::string_view secret);

// argon2id with libsodium's interactive limits; the string carries its own salt and parameters.
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view hash, std::string_view password);

// A readable one-time password: 4 groups of 5 letters and digits ("k7m2q-x9dfa-...").
std::string OneTimePassword();

}  // namespace tertulia::service
