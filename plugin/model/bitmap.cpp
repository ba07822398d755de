#include "plugin/model/bitmap.h"

namespace outcomes::bitmap {

namespace {

unsigned char Mask(int64_t i) {
  return static_cast<unsigned char>(1u << (i % 8));
}

}  // namespace

void Set(std::string* bits, int64_t i) {
  if (i < 0) return;
  const size_t byte = static_cast<size_t>(i / 8);
  if (bits->size() <= byte) bits->resize(byte + 1, '\0');
  (*bits)[byte] = static_cast<char>(static_cast<unsigned char>((*bits)[byte]) | Mask(i));
}

void Clear(std::string* bits, int64_t i) {
  if (i < 0) return;
  const size_t byte = static_cast<size_t>(i / 8);
  if (byte < bits->size()) {
    (*bits)[byte] = static_cast<char>(static_cast<unsigned char>((*bits)[byte]) & ~Mask(i));
  }
  while (!bits->empty() && bits->back() == '\0')
    bits->pop_back();
}

bool Test(std::string_view bits, int64_t i) {
  if (i < 0) return false;
  const size_t byte = static_cast<size_t>(i / 8);
  return byte < bits.size() && (static_cast<unsigned char>(bits[byte]) & Mask(i)) != 0;
}

void Union(std::string* bits, std::string_view other) {
  if (bits->size() < other.size()) bits->resize(other.size(), '\0');
  for (size_t k = 0; k < other.size(); ++k) {
    (*bits)[k] = static_cast<char>(static_cast<unsigned char>((*bits)[k]) |
                                   static_cast<unsigned char>(other[k]));
  }
}

int64_t Count(std::string_view bits) {
  int64_t n = 0;
  for (char c : bits)
    n += __builtin_popcount(static_cast<unsigned char>(c));
  return n;
}

}  // namespace outcomes::bitmap
