#include "detail/yaml_util.hpp"

#include <xw/core/model/stage.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace xw::scenarios::detail {

void guardYamlText(const std::string& text, const std::string& origin) {
    constexpr std::size_t kMaxBytes = 16U << 20U;
    constexpr int kMaxDepth = 64;
    constexpr int kMaxAliases = 0;
    if (text.size() > kMaxBytes)
        throw ScenarioError(origin + ": 文件过大 (超过 16 MiB) / the file is larger than 16 MiB");
    int flow = 0;
    int maxFlow = 0;
    int aliases = 0;
    std::size_t maxIndent = 0;
    bool inQuote = false;
    char quote = 0;
    bool lineStart = true;
    std::size_t indent = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') {
            lineStart = true;
            indent = 0;
            inQuote = false;
            continue;
        }
        if (lineStart) {
            if (c == ' ' || c == '-') {
                ++indent;
                continue;
            }
            lineStart = false;
            if (c != '#')
                maxIndent = std::max(maxIndent, indent);
        }
        if (inQuote) {
            if (c == quote)
                inQuote = false;
            continue;
        }
        if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t')) {
            while (i + 1 < text.size() && text[i + 1] != '\n')
                ++i;
            continue;
        }
        if (c == '"' || c == '\'') {
            inQuote = true;
            quote = c;
        } else if (c == '[' || c == '{') {
            maxFlow = std::max(maxFlow, ++flow);
        } else if (c == ']' || c == '}') {
            flow = std::max(0, flow - 1);
        } else if (c == '*' &&
                   (i == 0 || text[i - 1] == ' ' || text[i - 1] == '[' || text[i - 1] == ',' ||
                    text[i - 1] == '{') &&
                   i + 1 < text.size() &&
                   (std::isalnum(static_cast<unsigned char>(text[i + 1])) != 0 ||
                    text[i + 1] == '_' || text[i + 1] == '-')) {
            ++aliases;
        }
    }
    // Two columns per block level is the smallest indentation YAML allows.
    if (maxFlow > kMaxDepth || maxIndent / 2 > static_cast<std::size_t>(kMaxDepth))
        throw ScenarioError(origin + ": 嵌套超过 64 层 / nesting deeper than 64 levels");
    // A handful of aliases can stand for 10¹² nodes once expanded (an alias bomb), and nothing in
    // a norms or scenario file needs them.
    if (aliases > kMaxAliases)
        throw ScenarioError(origin + ": 不支持 YAML 别名 (*name) / YAML aliases (*name) are not "
                                     "supported in this file");
}

YAML::Node loadYaml(const std::string& text, const std::string& origin) {
    guardYamlText(text, origin);
    try {
        return YAML::Load(text);
    } catch (const YAML::Exception& e) {
        core::Diagnostic d;
        d.file = origin;
        d.line = e.mark.line + 1;
        d.column = e.mark.column + 1;
        d.message = "YAML 格式错误 / malformed YAML: " + e.msg;
        throw ScenarioError(core::toString(d), {d});
    }
}

namespace {

std::size_t editDistance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

} // namespace

std::string nearestKey(const std::string& key, const std::vector<std::string>& known) {
    std::string best;
    std::size_t bestDistance = std::max<std::size_t>(2, key.size() / 3) + 1;
    for (const std::string& k : known) {
        const std::size_t d = editDistance(key, k);
        if (d < bestDistance) {
            bestDistance = d;
            best = k;
        }
    }
    return best;
}

std::string unknownKeyMessage(const std::string& key, const std::vector<std::string>& known) {
    const std::string near = nearestKey(key, known);
    return "未知的键 \"" + key + "\"" + (near.empty() ? "" : "，是否应为 \"" + near + "\"？") +
           " / unknown key \"" + key + "\"" +
           (near.empty() ? std::string() : ", did you mean \"" + near + "\"?");
}

std::string unknownStageMessage(const std::string& text) {
    std::vector<std::string> codes;
    codes.reserve(core::kAllStages.size());
    for (core::Stage s : core::kAllStages)
        codes.emplace_back(core::stageCode(s));
    const std::string near = nearestKey(text, codes);
    return "未知学段 \"" + text + "\"" + (near.empty() ? "" : "，是否应为 \"" + near + "\"？") +
           " / unknown stage \"" + text + "\"" +
           (near.empty() ? std::string() : ", did you mean \"" + near + "\"?");
}

namespace {

std::string reasonOf(int e) {
    switch (e) {
    case ENOENT:
        return "文件不存在 / no such file";
    case EACCES:
    case EPERM:
        return "权限不足 / permission denied";
    case ELOOP:
        return "符号链接循环 / too many levels of symbolic links";
    case ENOTDIR:
        return "路径中有一部分不是文件夹 / a part of the path is not a folder";
    default:
        return std::strerror(e);
    }
}

} // namespace

std::string readText(const std::string& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0)
        throw ScenarioError(file + ": 无法打开 / cannot open: " + reasonOf(errno));
    if (!S_ISREG(st.st_mode))
        throw ScenarioError(file + ": 不是普通文件 / not a regular file");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw ScenarioError(file + ": 无法打开 / cannot open: " + reasonOf(errno));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

core::Diagnostic diagnosticAt(const std::string& origin, const YAML::Node& at,
                              const std::string& key, const std::string& message) {
    core::Diagnostic d;
    d.file = origin;
    d.field = key;
    d.message = message;
    if (at.IsDefined() && at.Mark().line >= 0) {
        d.line = at.Mark().line + 1;
        d.column = at.Mark().column + 1;
    }
    return d;
}

} // namespace xw::scenarios::detail
