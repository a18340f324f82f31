#include "domain/text.hpp"

#include <array>
#include <cstdint>

namespace tertulia::domain {
namespace {

// Decodes one UTF-8 code point at text[i]; advances i. Invalid bytes decode as themselves.
uint32_t DecodeAt(std::string_view text, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  uint32_t c = byte(i);
  size_t length = c < 0x80           ? 1
                  : (c >> 5) == 0x6  ? 2
                  : (c >> 4) == 0xe  ? 3
                  : (c >> 3) == 0x1e ? 4
                                     : 1;
  if (i + length > text.size()) length = 1;
  if (length == 1) {
    ++i;
    return c;
  }
  uint32_t code = c & (0x7f >> length);
  for (size_t k = 1; k < length; ++k) code = (code << 6) | (byte(i + k) & 0x3f);
  i += length;
  return code;
}

void Encode(uint32_t code, std::string& out) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xc0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xe0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  }
}

// Base letters of U+00C0..U+017F (Latin-1 Supplement letters and Latin Extended-A), lower case.
// '\0' marks characters that are not letters (× and ÷).
constexpr std::string_view kLatin1{
    "aaaaaaaceeeeiiiidnooooo\0ouuuuytsaaaaaaaceeeeiiiidnooooo\0ouuuuyty", 64};
constexpr std::string_view kExtendedA =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssss"
    "ssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

}  // namespace

std::string_view Trim(std::string_view text) {
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(start, end - start + 1);
}

std::string FoldForMatching(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (size_t i = 0; i < text.size();) {
    uint32_t code = DecodeAt(text, i);
    if (code == ' ' || code == '\t' || code == '\n' || code == '\r' || code == 0xa0) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    if (code < 0x80) {
      out += static_cast<char>(code >= 'A' && code <= 'Z' ? code - 'A' + 'a' : code);
    } else if (code == 0xdf) {
      out += "ss";
    } else if (code == 0xc6 || code == 0xe6) {
      out += "ae";
    } else if (code == 0x152 || code == 0x153) {
      out += "oe";
    } else if (code >= 0xc0 && code <= 0xff && kLatin1[code - 0xc0] != '\0') {
      out += kLatin1[code - 0xc0];
    } else if (code >= 0x100 && code <= 0x17f && code - 0x100 < kExtendedA.size()) {
      out += kExtendedA[code - 0x100];
    } else {
      Encode(code, out);
    }
  }
  return out;
}

namespace {

// Length of a multi-byte separator at text[i] (0 when text[i] starts a word character).
size_t SeparatorLength(std::string_view text, size_t i) {
  static constexpr std::string_view kSeparators[] = {"¿", "¡", "«", "»", "“", "”", "‘",
                                                     "’", "–", "—", "…", "·", "€", "\u00a0"};
  auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return word ? 0 : 1;
  }
  for (std::string_view separator : kSeparators) {
    if (text.substr(i, separator.size()) == separator) return separator.size();
  }
  return 0;
}

}  // namespace

std::vector<std::string_view> SplitWords(std::string_view text) {
  std::vector<std::string_view> words;
  size_t start = std::string_view::npos;
  for (size_t i = 0; i < text.size();) {
    size_t separator = SeparatorLength(text, i);
    if (separator == 0) {
      if (start == std::string_view::npos) start = i;
      ++i;
      continue;
    }
    if (start != std::string_view::npos) words.push_back(text.substr(start, i - start));
    start = std::string_view::npos;
    i += separator;
  }
  if (start != std::string_view::npos) words.push_back(text.substr(start));
  return words;
}

namespace {

// Sum of the weights of the words of `text` that match `terms`.
double FieldScore(std::string_view text, const std::vector<std::string>& terms, bool last_is_prefix,
                  size_t& words_seen) {
  double score = 0;
  auto words = SplitWords(text);
  words_seen += words.size();
  for (auto word : words) {
    std::string folded = FoldForMatching(word);
    for (size_t t = 0; t < terms.size(); ++t) {
      bool prefix = last_is_prefix && t + 1 == terms.size();
      if (folded == terms[t])
        score += 1.5;
      else if (prefix && folded.starts_with(terms[t]))
        score += 1.0;
    }
  }
  return score;
}

}  // namespace

double MatchScore(std::string_view title, std::string_view body,
                  const std::vector<std::string>& terms, bool last_is_prefix) {
  size_t words = 0;
  double score = 4 * FieldScore(title, terms, last_is_prefix, words) +
                 FieldScore(body, terms, last_is_prefix, words);
  // Length normalisation, gentler than bm25's: a name beats a long e-mail that mentions it.
  return score / (1.0 + 0.05 * static_cast<double>(words));
}

std::string Highlight(std::string_view text, const std::vector<std::string>& terms,
                      bool last_is_prefix, size_t max_words) {
  auto words = SplitWords(text);
  std::vector<bool> matched(words.size(), false);
  size_t first = words.size();
  for (size_t w = 0; w < words.size(); ++w) {
    std::string folded = FoldForMatching(words[w]);
    for (size_t t = 0; t < terms.size(); ++t) {
      bool prefix = last_is_prefix && t + 1 == terms.size();
      if (folded == terms[t] || (prefix && folded.starts_with(terms[t]))) matched[w] = true;
    }
    if (matched[w] && first == words.size()) first = w;
  }
  if (first == words.size()) return {};
  // A window of max_words words starting a little before the first match.
  size_t begin = first > max_words / 4 ? first - max_words / 4 : 0;
  size_t end = std::min(words.size(), begin + max_words);
  std::string out = begin > 0 ? "…" : "";
  size_t cursor = static_cast<size_t>(words[begin].data() - text.data());
  for (size_t w = begin; w < end; ++w) {
    auto at = static_cast<size_t>(words[w].data() - text.data());
    out += text.substr(cursor, at - cursor);  // the separators before the word
    if (matched[w]) out += '\x02';
    out += words[w];
    if (matched[w]) out += '\x03';
    cursor = at + words[w].size();
  }
  if (end < words.size()) out += "…";
  return out;
}

}  // namespace tertulia::domain
