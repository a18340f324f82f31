#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tertulia::domain {

// Lower-cases and strips accents from Latin letters ("José Muñoz" -> "jose munoz", "Çağrı" ->
// "cagri", "Straße" -> "strasse"), so that keys sort and match the way people expect. Other
// scripts pass through unchanged. Whitespace runs become one space; the ends are trimmed.
std::string FoldForMatching(std::string_view text);

// The words of a text as a search index sees them: runs of ASCII letters and digits and of
// non-ASCII characters (accented letters, other scripts), with a few punctuation marks of
// Spanish and typography (¿ ¡ « » “ ” ‘ ’ – — …) counted as separators.
std::vector<std::string_view> SplitWords(std::string_view text);

// A short passage of `text` around the first word matching `terms`, with each matching word
// between \x02 and \x03, and "…" where the passage was cut. Words match when their folded form
// equals a term or, if `last_is_prefix`, starts with the last term. Terms are folded already.
// Empty when nothing matches.
std::string Highlight(std::string_view text, const std::vector<std::string>& terms,
                      bool last_is_prefix, size_t max_words = 12);

// How well a document matches the searched terms (folded; the last a prefix when
// `last_is_prefix`): each matching word counts 4 in the title and 1 in the body, 1.5 times more
// when it is the whole term rather than a prefix of a longer word, and less in long texts. 0 when
// nothing matches.
double MatchScore(std::string_view title, std::string_view body,
                  const std::vector<std::string>& terms, bool last_is_prefix);

// Trims ASCII whitespace from both ends.
std::string_view Trim(std::string_view text);

}  // namespace tertulia::domain
