#include "domain/contact_points.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "domain/text.hpp"

namespace tertulia::domain {
namespace {

struct Country {
  std::string_view code;
  std::string_view calling;  // without '+'
  std::string_view trunk;    // national prefix dropped in international form
};

// ISO 3166-1 alpha-2 codes with their calling codes and national trunk prefixes (ITU-T E.164
// assignments). Sorted by code.
constexpr auto kCountries = std::to_array<Country>({
    {"AD", "376", ""},  {"AE", "971", "0"}, {"AF", "93", "0"},  {"AG", "1", "1"},
    {"AI", "1", "1"},   {"AL", "355", "0"}, {"AM", "374", "0"}, {"AO", "244", ""},
    {"AQ", "672", ""},  {"AR", "54", "0"},  {"AS", "1", "1"},   {"AT", "43", "0"},
    {"AU", "61", "0"},  {"AW", "297", ""},  {"AX", "358", "0"}, {"AZ", "994", "0"},
    {"BA", "387", "0"}, {"BB", "1", "1"},   {"BD", "880", "0"}, {"BE", "32", "0"},
    {"BF", "226", ""},  {"BG", "359", "0"}, {"BH", "973", ""},  {"BI", "257", ""},
    {"BJ", "229", ""},  {"BL", "590", "0"}, {"BM", "1", "1"},   {"BN", "673", ""},
    {"BO", "591", "0"}, {"BQ", "599", ""},  {"BR", "55", "0"},  {"BS", "1", "1"},
    {"BT", "975", ""},  {"BV", "47", ""},   {"BW", "267", ""},  {"BY", "375", "8"},
    {"BZ", "501", ""},  {"CA", "1", "1"},   {"CC", "61", "0"},  {"CD", "243", "0"},
    {"CF", "236", ""},  {"CG", "242", ""},  {"CH", "41", "0"},  {"CI", "225", ""},
    {"CK", "682", ""},  {"CL", "56", ""},   {"CM", "237", ""},  {"CN", "86", "0"},
    {"CO", "57", ""},   {"CR", "506", ""},  {"CU", "53", "0"},  {"CV", "238", ""},
    {"CW", "599", ""},  {"CX", "61", "0"},  {"CY", "357", ""},  {"CZ", "420", ""},
    {"DE", "49", "0"},  {"DJ", "253", ""},  {"DK", "45", ""},   {"DM", "1", "1"},
    {"DO", "1", "1"},   {"DZ", "213", "0"}, {"EC", "593", "0"}, {"EE", "372", ""},
    {"EG", "20", "0"},  {"EH", "212", "0"}, {"ER", "291", "0"}, {"ES", "34", ""},
    {"ET", "251", "0"}, {"FI", "358", "0"}, {"FJ", "679", ""},  {"FK", "500", ""},
    {"FM", "691", ""},  {"FO", "298", ""},  {"FR", "33", "0"},  {"GA", "241", ""},
    {"GB", "44", "0"},  {"GD", "1", "1"},   {"GE", "995", "0"}, {"GF", "594", "0"},
    {"GG", "44", "0"},  {"GH", "233", "0"}, {"GI", "350", ""},  {"GL", "299", ""},
    {"GM", "220", ""},  {"GN", "224", ""},  {"GP", "590", "0"}, {"GQ", "240", ""},
    {"GR", "30", ""},   {"GS", "500", ""},  {"GT", "502", ""},  {"GU", "1", "1"},
    {"GW", "245", ""},  {"GY", "592", ""},  {"HK", "852", ""},  {"HM", "672", ""},
    {"HN", "504", ""},  {"HR", "385", "0"}, {"HT", "509", ""},  {"HU", "36", "06"},
    {"ID", "62", "0"},  {"IE", "353", "0"}, {"IL", "972", "0"}, {"IM", "44", "0"},
    {"IN", "91", "0"},  {"IO", "246", ""},  {"IQ", "964", "0"}, {"IR", "98", "0"},
    {"IS", "354", ""},  {"IT", "39", ""},   {"JE", "44", "0"},  {"JM", "1", "1"},
    {"JO", "962", "0"}, {"JP", "81", "0"},  {"KE", "254", "0"}, {"KG", "996", "0"},
    {"KH", "855", "0"}, {"KI", "686", ""},  {"KM", "269", ""},  {"KN", "1", "1"},
    {"KP", "850", "0"}, {"KR", "82", "0"},  {"KW", "965", ""},  {"KY", "1", "1"},
    {"KZ", "7", "8"},   {"LA", "856", "0"}, {"LB", "961", "0"}, {"LC", "1", "1"},
    {"LI", "423", ""},  {"LK", "94", "0"},  {"LR", "231", "0"}, {"LS", "266", ""},
    {"LT", "370", "8"}, {"LU", "352", ""},  {"LV", "371", ""},  {"LY", "218", "0"},
    {"MA", "212", "0"}, {"MC", "377", ""},  {"MD", "373", "0"}, {"ME", "382", "0"},
    {"MF", "590", "0"}, {"MG", "261", "0"}, {"MH", "692", "1"}, {"MK", "389", "0"},
    {"ML", "223", ""},  {"MM", "95", "0"},  {"MN", "976", "0"}, {"MO", "853", ""},
    {"MP", "1", "1"},   {"MQ", "596", "0"}, {"MR", "222", ""},  {"MS", "1", "1"},
    {"MT", "356", ""},  {"MU", "230", ""},  {"MV", "960", ""},  {"MW", "265", "0"},
    {"MX", "52", ""},   {"MY", "60", "0"},  {"MZ", "258", ""},  {"NA", "264", "0"},
    {"NC", "687", ""},  {"NE", "227", ""},  {"NF", "672", ""},  {"NG", "234", "0"},
    {"NI", "505", ""},  {"NL", "31", "0"},  {"NO", "47", ""},   {"NP", "977", "0"},
    {"NR", "674", ""},  {"NU", "683", ""},  {"NZ", "64", "0"},  {"OM", "968", ""},
    {"PA", "507", ""},  {"PE", "51", "0"},  {"PF", "689", ""},  {"PG", "675", ""},
    {"PH", "63", "0"},  {"PK", "92", "0"},  {"PL", "48", ""},   {"PM", "508", ""},
    {"PN", "64", ""},   {"PR", "1", "1"},   {"PS", "970", "0"}, {"PT", "351", ""},
    {"PW", "680", ""},  {"PY", "595", "0"}, {"QA", "974", ""},  {"RE", "262", "0"},
    {"RO", "40", "0"},  {"RS", "381", "0"}, {"RU", "7", "8"},   {"RW", "250", ""},
    {"SA", "966", "0"}, {"SB", "677", ""},  {"SC", "248", ""},  {"SD", "249", "0"},
    {"SE", "46", "0"},  {"SG", "65", ""},   {"SH", "290", ""},  {"SI", "386", "0"},
    {"SJ", "47", ""},   {"SK", "421", "0"}, {"SL", "232", "0"}, {"SM", "378", ""},
    {"SN", "221", ""},  {"SO", "252", ""},  {"SR", "597", ""},  {"SS", "211", "0"},
    {"ST", "239", ""},  {"SV", "503", ""},  {"SX", "1", "1"},   {"SY", "963", "0"},
    {"SZ", "268", ""},  {"TC", "1", "1"},   {"TD", "235", ""},  {"TF", "262", ""},
    {"TG", "228", ""},  {"TH", "66", "0"},  {"TJ", "992", "8"}, {"TK", "690", ""},
    {"TL", "670", ""},  {"TM", "993", "8"}, {"TN", "216", ""},  {"TO", "676", ""},
    {"TR", "90", "0"},  {"TT", "1", "1"},   {"TV", "688", ""},  {"TW", "886", "0"},
    {"TZ", "255", "0"}, {"UA", "380", "0"}, {"UG", "256", "0"}, {"UM", "1", ""},
    {"US", "1", "1"},   {"UY", "598", "0"}, {"UZ", "998", "8"}, {"VA", "39", ""},
    {"VC", "1", "1"},   {"VE", "58", "0"},  {"VG", "1", "1"},   {"VI", "1", "1"},
    {"VN", "84", "0"},  {"VU", "678", ""},  {"WF", "681", ""},  {"WS", "685", ""},
    {"YE", "967", "0"}, {"YT", "262", "0"}, {"ZA", "27", "0"},  {"ZM", "260", "0"},
    {"ZW", "263", "0"},
});

const Country* FindCountry(std::string_view code) {
  auto it = std::lower_bound(kCountries.begin(), kCountries.end(), code,
                             [](const Country& c, std::string_view key) { return c.code < key; });
  return it != kCountries.end() && it->code == code ? &*it : nullptr;
}

bool IsEmailLocalChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-/=?^_`{|}~.").find(c) != std::string_view::npos ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool IsDomainChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

Result<std::string> NormalizeEmail(std::string_view text) {
  std::string email;
  for (char c : Trim(text)) email += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  auto at = email.rfind('@');
  bool ok = email.size() <= 254 && at != std::string::npos && at > 0 && at <= 64;
  std::string_view local = ok ? std::string_view(email).substr(0, at) : "";
  std::string_view host = ok ? std::string_view(email).substr(at + 1) : "";
  ok = ok && std::all_of(local.begin(), local.end(), IsEmailLocalChar) && local.front() != '.' &&
       local.back() != '.' && local.find("..") == std::string_view::npos;
  ok = ok && !host.empty() && std::all_of(host.begin(), host.end(), IsDomainChar) &&
       host.find('.') != std::string_view::npos && host.front() != '.' && host.back() != '.' &&
       host.front() != '-' && host.find("..") == std::string_view::npos;
  if (!ok) return Error::InvalidArgument("must be an e-mail address such as ana@example.com");
  return email;
}

Result<PhoneNumber> NormalizePhone(std::string_view text, std::optional<std::string_view> country) {
  std::string_view trimmed = Trim(text);
  std::string digits;
  bool international = !trimmed.empty() && trimmed.front() == '+';
  for (char c : trimmed) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (std::string_view(" -.()/+").find(c) == std::string_view::npos) {
      return Error::InvalidArgument("must be a phone number: digits, spaces, +, -, ( and )");
    }
  }
  if (!international && digits.starts_with("00")) {
    international = true;
    digits.erase(0, 2);
  }
  const Country* known = country ? FindCountry(*country) : nullptr;
  if (!international && known != nullptr) {
    if (!known->trunk.empty() && digits.starts_with(known->trunk) &&
        !(known->calling == "1" && digits.size() == 10)) {
      digits.erase(0, known->trunk.size());
    }
    digits.insert(0, known->calling);
    international = true;
  }
  // E.164 allows 15 digits; the shortest assigned international numbers have 7.
  size_t min_digits = international ? 7 : 4;
  if (digits.size() < min_digits || digits.size() > 15) {
    return Error::InvalidArgument("must have between 7 and 15 digits with the country code");
  }
  if (!international) return PhoneNumber{digits, false};
  return PhoneNumber{"+" + digits, true};
}

bool IsHttpUrl(std::string_view text) {
  std::string_view rest;
  if (text.starts_with("https://"))
    rest = text.substr(8);
  else if (text.starts_with("http://"))
    rest = text.substr(7);
  else
    return false;
  if (text.size() > 2000) return false;
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '<' || c == '>' || c == '\\') {
      return false;
    }
  }
  std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  auto at = host.rfind('@');
  if (at != std::string_view::npos) host = host.substr(at + 1);
  host = host.substr(0, host.rfind(':') == std::string_view::npos || host.front() == '['
                            ? host.size()
                            : host.rfind(':'));
  return !host.empty() &&
         (host.find('.') != std::string_view::npos || host == "localhost" || host.front() == '[');
}

bool IsCountryCode(std::string_view code) { return FindCountry(code) != nullptr; }

std::optional<std::string_view> CallingCode(std::string_view country) {
  const Country* found = FindCountry(country);
  if (found == nullptr) return std::nullopt;
  return found->calling;
}

}  // namespace tertulia::domain
