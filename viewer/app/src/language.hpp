#pragma once
// The interface language: Chinese first, English available. Translations are Qt Linguist files
// (viewer/translations/*.ts) built into the program by lrelease; the language follows the system
// locale (English for an English locale, Chinese otherwise) and can be switched in the menu.
#include <QString>

namespace xw::viewer::app {

/// "zh_CN" or "en": English when the system locale's language is English, else Chinese.
[[nodiscard]] QString systemLanguage();

/// Installs the translations of `code` ("zh_CN" or "en") for the viewer and Qt's own dialogs,
/// replacing those installed before; every widget then gets a LanguageChange event.
/// Returns false when the viewer's translation for `code` is missing.
bool installLanguage(const QString& code);

/// The language installed last ("" before any).
[[nodiscard]] QString currentLanguage();

} // namespace xw::viewer::app
