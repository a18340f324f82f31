#include "service/demo_vocabulary.hpp"

#include <array>

namespace tertulia::service::demo {
namespace {

using Words = std::span<const std::string_view>;
template <size_t N>
using List = std::array<std::string_view, N>;

constexpr auto kMadridEtc = std::to_array<std::string_view>(
    {"Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao", "Zaragoza", "Málaga", "A Coruña",
     "Valladolid", "Murcia", "Palma", "Alicante"});
constexpr auto kMexico =
    std::to_array<std::string_view>({"Ciudad de México", "Guadalajara", "Monterrey", "Puebla",
                                     "Querétaro", "Mérida", "Tijuana", "León"});
constexpr auto kArgentina = std::to_array<std::string_view>(
    {"Buenos Aires", "Córdoba", "Rosario", "Mendoza", "La Plata", "Mar del Plata"});
constexpr auto kColombia =
    std::to_array<std::string_view>({"Bogotá", "Medellín", "Cali", "Barranquilla", "Bucaramanga"});
constexpr auto kChile = std::to_array<std::string_view>(
    {"Santiago", "Valparaíso", "Concepción", "Antofagasta", "Temuco"});
constexpr auto kPeru = std::to_array<std::string_view>({"Lima", "Arequipa", "Trujillo", "Cusco"});
constexpr auto kUsa = std::to_array<std::string_view>(
    {"New York", "Austin", "Chicago", "Miami", "San Francisco", "Boston", "Seattle", "Denver"});
constexpr auto kUk = std::to_array<std::string_view>(
    {"London", "Manchester", "Bristol", "Edinburgh", "Leeds", "Birmingham"});
constexpr auto kIreland = std::to_array<std::string_view>({"Dublin", "Cork", "Galway", "Limerick"});

constexpr auto kCountries = std::to_array<CountryInfo>({
    {"ES", Locale::kSpanish, ".es", "S.L.", 35, kMadridEtc, "9", 8},
    {"MX", Locale::kSpanish, ".com.mx", "S.A. de C.V.", 18, kMexico, "55", 8},
    {"AR", Locale::kSpanish, ".com.ar", "S.A.", 8, kArgentina, "11", 8},
    {"CO", Locale::kSpanish, ".com.co", "S.A.S.", 8, kColombia, "601", 7},
    {"CL", Locale::kSpanish, ".cl", "SpA", 5, kChile, "2", 8},
    {"PE", Locale::kSpanish, ".pe", "S.A.C.", 4, kPeru, "1", 7},
    {"US", Locale::kEnglish, ".com", "Inc.", 12, kUsa, "415", 7},
    {"GB", Locale::kEnglish, ".co.uk", "Ltd", 7, kUk, "020", 8},
    {"IE", Locale::kEnglish, ".ie", "Ltd", 3, kIreland, "01", 7},
});

constexpr auto kSpanishFirst = std::to_array<std::string_view>(
    {"María",     "Lucía",     "Carmen",   "Ana",       "Laura",   "Marta",    "Elena",   "Paula",
     "Sofía",     "Isabel",    "Cristina", "Raquel",    "Pilar",   "Beatriz",  "Nuria",   "Alicia",
     "Valentina", "Camila",    "Ximena",   "Renata",    "Inés",    "Julia",    "Rocío",   "Lorena",
     "José",      "Antonio",   "Manuel",   "Francisco", "David",   "Javier",   "Carlos",  "Daniel",
     "Miguel",    "Alejandro", "Rafael",   "Pablo",     "Sergio",  "Fernando", "Jorge",   "Álvaro",
     "Diego",     "Mateo",     "Santiago", "Andrés",    "Gonzalo", "Íñigo",    "Joaquín", "Ramón"});
constexpr auto kSpanishLast = std::to_array<std::string_view>(
    {"García",     "Rodríguez", "González", "Fernández", "López",   "Martínez",  "Sánchez",
     "Pérez",      "Gómez",     "Martín",   "Jiménez",   "Ruiz",    "Hernández", "Díaz",
     "Moreno",     "Muñoz",     "Álvarez",  "Romero",    "Alonso",  "Gutiérrez", "Navarro",
     "Torres",     "Domínguez", "Vázquez",  "Ramos",     "Gil",     "Ramírez",   "Serrano",
     "Blanco",     "Molina",    "Morales",  "Suárez",    "Ortega",  "Delgado",   "Castro",
     "Ortiz",      "Rubio",     "Marín",    "Sanz",      "Núñez",   "Iglesias",  "Medina",
     "Garrido",    "Cortés",    "Castillo", "Santos",    "Lozano",  "Guerrero",  "Cano",
     "Prieto",     "Méndez",    "Cruz",     "Calvo",     "Gallego", "Vidal",     "León",
     "Herrera",    "Peña",      "Flores",   "Cabrera",   "Aguilar", "Ibáñez",    "Echeverría",
     "Zubizarreta"});
constexpr auto kEnglishFirst = std::to_array<std::string_view>(
    {"Olivia",  "Emma",   "Amelia",  "Charlotte", "Sophie",   "Grace",  "Emily",  "Hannah",
     "Chloe",   "Megan",  "Lucy",    "Sarah",     "Rachel",   "Laura",  "Aoife",  "Siobhan",
     "Jessica", "Ava",    "James",   "Oliver",    "Jack",     "Harry",  "George", "Thomas",
     "William", "Daniel", "Michael", "David",     "Matthew",  "Ryan",   "Liam",   "Noah",
     "Ethan",   "Connor", "Patrick", "Sean",      "Benjamin", "Samuel", "Joseph", "Andrew"});
constexpr auto kEnglishLast = std::to_array<std::string_view>(
    {"Smith",    "Johnson",  "Williams", "Brown",    "Jones",   "Miller", "Davis",  "Wilson",
     "Taylor",   "Anderson", "Thomas",   "Moore",    "Jackson", "White",  "Harris", "Martin",
     "Thompson", "Clark",    "Lewis",    "Walker",   "Hall",    "Allen",  "Young",  "King",
     "Wright",   "Scott",    "Green",    "Baker",    "Adams",   "Nelson", "Hill",   "Campbell",
     "Mitchell", "Roberts",  "Carter",   "Phillips", "Evans",   "Turner", "Parker", "Collins",
     "Edwards",  "Stewart",  "Murphy",   "Kelly",    "O'Brien", "Byrne",  "Walsh",  "Ryan",
     "Murray",   "Quinn"});

constexpr auto kSpanishRoots = std::to_array<std::string_view>(
    {"Innova",    "Andina", "Iberia", "Atlántica", "Mediterránea", "Solaris", "Norte",  "Austral",
     "Pampa",     "Cóndor", "Tierra", "Vértice",   "Alba",         "Brisa",   "Cumbre", "Faro",
     "Horizonte", "Lumen",  "Nexo",   "Olivo",     "Puerto",       "Río",     "Sierra", "Volcán"});
constexpr auto kEnglishRoots = std::to_array<std::string_view>(
    {"Northwind",  "Bluefield", "Redwood",   "Silverline", "Brightpath", "Oakridge",
     "Clearwater", "Summit",    "Harbor",    "Ironbridge", "Maple",      "Keystone",
     "Beacon",     "Cobalt",    "Evergreen", "Falcon",     "Granite",    "Highland",
     "Lakeside",   "Meridian",  "Pinnacle",  "Riverside",  "Sterling",   "Westbrook"});

constexpr auto kIndustries = std::to_array<std::string_view>(
    {"Logistics", "Software", "Healthcare", "Food & beverage", "Energy", "Construction",
     "Education", "Travel & hospitality", "Financial services", "Media", "Agriculture", "Retail",
     "Manufacturing", "Public sector"});
constexpr auto kSectorEs = std::to_array<std::string_view>(
    {"Logística", "Software", "Salud", "Alimentos", "Energía", "Construcciones", "Educación",
     "Viajes", "Finanzas", "Medios", "Agro", "Comercio", "Industrial", "Servicios Públicos"});
constexpr auto kSectorEn = std::to_array<std::string_view>(
    {"Logistics", "Software", "Health", "Foods", "Energy", "Builders", "Learning", "Travel",
     "Capital", "Media", "Farms", "Stores", "Manufacturing", "Public Services"});

constexpr auto kTitlesEs = std::to_array<std::string_view>(
    {"Director General", "Directora de Compras", "Director Comercial", "Responsable de Marketing",
     "Jefa de Proyecto", "Director Financiero", "Directora de Operaciones", "Responsable de IT",
     "Técnico de Sistemas", "Analista de Datos", "Gerente de Cuentas", "Directora de RR. HH.",
     "Coordinador de Ventas", "Consultora", "Fundador"});
constexpr auto kTitlesEn = std::to_array<std::string_view>(
    {"CEO", "Head of Procurement", "Sales Director", "Marketing Manager", "Project Lead", "CFO",
     "COO", "IT Manager", "Systems Engineer", "Data Analyst", "Account Manager", "HR Director",
     "Sales Coordinator", "Consultant", "Founder"});

constexpr auto kProductsEs = std::to_array<std::string_view>(
    {"Plan Básico", "Plan Pro", "Plan Empresa", "módulo de analítica", "soporte premium",
     "formación in company"});
constexpr auto kProductsEn =
    std::to_array<std::string_view>({"Starter plan", "Pro plan", "Enterprise plan",
                                     "analytics add-on", "premium support", "onsite training"});

constexpr auto kTags = std::to_array<std::string_view>(
    {"vip", "newsletter", "trade-fair-2025", "webinar", "partner", "decision-maker", "churn-risk",
     "referral", "beta-tester", "event-speaker"});
constexpr auto kPersonalMail = std::to_array<std::string_view>(
    {"gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "icloud.com", "protonmail.com"});

// Subjects per channel: {p} is a product.
constexpr auto kCallEs = std::to_array<std::string_view>(
    {"Llamada de seguimiento", "Llamada: dudas sobre la propuesta", "Llamada de descubrimiento",
     "Llamada para renovar el contrato", "Llamada sobre el {p}"});
constexpr auto kCallEn =
    std::to_array<std::string_view>({"Follow-up call", "Call: questions about the proposal",
                                     "Discovery call", "Renewal call", "Call about the {p}"});
constexpr auto kEmailEs = std::to_array<std::string_view>(
    {"Propuesta comercial: {p}", "Re: presupuesto del {p}", "Información solicitada",
     "Seguimiento de la reunión", "Factura y condiciones del {p}"});
constexpr auto kEmailEn = std::to_array<std::string_view>(
    {"Proposal: {p}", "Re: pricing for the {p}", "The information you asked for",
     "Following up on our meeting", "Invoice and terms for the {p}"});
constexpr auto kMeetingEs =
    std::to_array<std::string_view>({"Reunión de presentación", "Demo del {p}", "Reunión de cierre",
                                     "Visita a sus oficinas", "Revisión trimestral de la cuenta"});
constexpr auto kMeetingEn =
    std::to_array<std::string_view>({"Introductory meeting", "Demo of the {p}", "Closing meeting",
                                     "Visit to their office", "Quarterly business review"});
constexpr auto kSocialEs = std::to_array<std::string_view>(
    {"Mensaje directo", "Comentó nuestra publicación", "Compartió nuestro artículo", "Nos mencionó",
     "Preguntó por el {p}"});
constexpr auto kSocialEn =
    std::to_array<std::string_view>({"Direct message", "Commented on our post",
                                     "Shared our article", "Mentioned us", "Asked about the {p}"});
constexpr auto kChatEs = std::to_array<std::string_view>(
    {"Consulta por WhatsApp", "Chat en la web: pregunta sobre precios", "Confirmación de cita",
     "Duda técnica sobre el {p}"});
constexpr auto kChatEn = std::to_array<std::string_view>(
    {"WhatsApp question", "Website chat: pricing question", "Appointment confirmation",
     "Technical question about the {p}"});
constexpr auto kReviewEs = std::to_array<std::string_view>(
    {"Reseña de 5 estrellas", "Reseña de 4 estrellas", "Reseña de 2 estrellas: soporte lento",
     "Reseña de 5 estrellas: muy recomendable"});
constexpr auto kReviewEn = std::to_array<std::string_view>({"5-star review", "4-star review",
                                                            "2-star review: slow support",
                                                            "5-star review: highly recommended"});
constexpr auto kEventEs = std::to_array<std::string_view>(
    {"Visitó nuestro stand en la feria", "Asistió al webinar del {p}", "Desayuno de clientes",
     "Participó en el taller"});
constexpr auto kEventEn =
    std::to_array<std::string_view>({"Visited our trade fair stand", "Attended the {p} webinar",
                                     "Customer breakfast", "Joined the workshop"});
constexpr auto kWebEs = std::to_array<std::string_view>(
    {"Descargó el catálogo", "Pidió una demo en la web", "Se suscribió al boletín"});
constexpr auto kWebEn =
    std::to_array<std::string_view>({"Downloaded the catalogue", "Requested a demo on the website",
                                     "Subscribed to the newsletter"});
constexpr auto kNoteEs =
    std::to_array<std::string_view>({"Nota interna", "Resumen para el equipo"});
constexpr auto kNoteEn = std::to_array<std::string_view>({"Internal note", "Summary for the team"});

constexpr auto kBodiesEs = std::to_array<std::string_view>(
    {"Interesados en ampliar licencias el próximo trimestre.",
     "Piden un descuento por contrato de tres años.", "Les preocupa la integración con su ERP.",
     "Muy contentos con el soporte recibido.", "El presupuesto se aprueba en enero.",
     "Quieren comparar con otra propuesta antes de decidir.",
     "Su equipo de marketing usará el módulo de campañas.",
     "Problemas con la factura anterior; ya resuelto.",
     "Recomendaron nuestro servicio a un colega.", "Solicitan una formación para diez personas."});
constexpr auto kBodiesEn = std::to_array<std::string_view>(
    {"Interested in adding seats next quarter.", "Asking for a discount on a three-year term.",
     "Worried about the integration with their ERP.", "Very happy with the support they received.",
     "Budget gets approved in January.", "They want to compare with another offer first.",
     "Their marketing team will use the campaigns module.",
     "Issue with the last invoice; now solved.", "They recommended us to a colleague.",
     "They need training for ten people."});
constexpr auto kOutcomesEs = std::to_array<std::string_view>(
    {"Demo agendada", "Enviar propuesta", "Sin respuesta", "Dejado mensaje de voz",
     "Cerrado: ganado", "Volver a contactar en un mes"});
constexpr auto kOutcomesEn =
    std::to_array<std::string_view>({"Demo booked", "Send proposal", "No answer", "Left voicemail",
                                     "Closed: won", "Follow up in a month"});
constexpr auto kTasksEs = std::to_array<std::string_view>(
    {"Llamar a {n}", "Enviar propuesta a {n}", "Preparar demo para {n}", "Revisar contrato con {n}",
     "Invitar a {n} al webinar"});
constexpr auto kTasksEn = std::to_array<std::string_view>(
    {"Call {n}", "Send the proposal to {n}", "Prepare a demo for {n}",
     "Review the contract with {n}", "Invite {n} to the webinar"});
constexpr auto kNotesEs = std::to_array<std::string_view>(
    {"Prefiere que le contactemos por **WhatsApp**.", "Decide junto con su socio.",
     "Está valorando cambiar de proveedor.", "Buen contacto para eventos del sector.",
     "Pidió no recibir llamadas antes de las 10."});
constexpr auto kNotesEn = std::to_array<std::string_view>(
    {"Prefers to be reached on **WhatsApp**.", "Decides together with their partner.",
     "Considering a change of provider.", "Good contact for industry events.",
     "Asked not to be called before 10am."});

constexpr auto kUsers = std::to_array<DemoUser>({
    {"Lucía Fernández", "lucia.fernandez@example.com", "manager"},
    {"Carlos Ruiz", "carlos.ruiz@example.com", "rep"},
    {"María García", "maria.garcia@example.com", "rep"},
    {"Javier López", "javier.lopez@example.com", "rep"},
    {"Sofía Martínez", "sofia.martinez@example.com", "rep"},
    {"James Carter", "james.carter@example.com", "manager"},
    {"Emily Walsh", "emily.walsh@example.com", "rep"},
    {"Diego Herrera", "diego.herrera@example.com", "rep"},
});

Words Pick(Locale locale, Words spanish, Words english) {
  return locale == Locale::kSpanish ? spanish : english;
}

}  // namespace

std::span<const CountryInfo> Countries() { return kCountries; }
Words FirstNames(Locale locale) { return Pick(locale, kSpanishFirst, kEnglishFirst); }
Words LastNames(Locale locale) { return Pick(locale, kSpanishLast, kEnglishLast); }
Words CompanyRoots(Locale locale) { return Pick(locale, kSpanishRoots, kEnglishRoots); }
Words Industries() { return kIndustries; }
std::string_view SectorWord(size_t industry, Locale locale) {
  return Pick(locale, kSectorEs, kSectorEn)[industry];
}
Words Titles(Locale locale) { return Pick(locale, kTitlesEs, kTitlesEn); }
Words Products(Locale locale) { return Pick(locale, kProductsEs, kProductsEn); }
Words Tags() { return kTags; }
Words PersonalMailDomains() { return kPersonalMail; }
Words Bodies(Locale locale) { return Pick(locale, kBodiesEs, kBodiesEn); }
Words Outcomes(Locale locale) { return Pick(locale, kOutcomesEs, kOutcomesEn); }
Words TaskTitles(Locale locale) { return Pick(locale, kTasksEs, kTasksEn); }
Words NoteBodies(Locale locale) { return Pick(locale, kNotesEs, kNotesEn); }
std::span<const DemoUser> Users() { return kUsers; }

Words Subjects(std::string_view channel, Locale locale) {
  if (channel == "call" || channel == "sms") return Pick(locale, kCallEs, kCallEn);
  if (channel == "email") return Pick(locale, kEmailEs, kEmailEn);
  if (channel == "meeting") return Pick(locale, kMeetingEs, kMeetingEn);
  if (channel == "whatsapp" || channel == "chat") return Pick(locale, kChatEs, kChatEn);
  if (channel == "review" || channel == "forum") return Pick(locale, kReviewEs, kReviewEn);
  if (channel == "event") return Pick(locale, kEventEs, kEventEn);
  if (channel == "web") return Pick(locale, kWebEs, kWebEn);
  if (channel == "note" || channel == "other") return Pick(locale, kNoteEs, kNoteEn);
  return Pick(locale, kSocialEs, kSocialEn);
}

}  // namespace tertulia::service::demo
