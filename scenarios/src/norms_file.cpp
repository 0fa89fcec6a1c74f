#include <xw/scenarios/norms_file.hpp>

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

namespace xw::scenarios {
namespace {

[[noreturn]] void fail(const std::string& origin, const std::string& key, const std::string& zh,
                       const std::string& en) {
    throw ScenarioError(origin + ": " + key + ": " + zh + " / " + en);
}

template <typename T>
T scalar(const YAML::Node& n, const std::string& origin, const std::string& key) {
    if (!n.IsScalar())
        fail(origin, key, "应为单个数值", "expected a single value");
    try {
        return n.as<T>();
    } catch (const YAML::Exception&) {
        fail(origin, key, "不是有效数值: \"" + n.Scalar() + "\"",
             "not a valid number: \"" + n.Scalar() + "\"");
    }
}

void applyStage(const YAML::Node& node, core::StageNorms& sn, const std::string& origin,
                const std::string& prefix) {
    if (!node.IsMap())
        fail(origin, prefix, "应为键值表", "expected a mapping");
    for (const auto& kv : node) {
        const std::string k = kv.first.as<std::string>();
        const std::string key = prefix + "." + k;
        const YAML::Node& v = kv.second;
        if (k == "entry_age")
            sn.entryAge = scalar<int>(v, origin, key);
        else if (k == "grades")
            sn.grades = scalar<int>(v, origin, key);
        else if (k == "age_min")
            sn.rateAgeMin = scalar<int>(v, origin, key);
        else if (k == "age_max")
            sn.rateAgeMax = scalar<int>(v, origin, key);
        else if (k == "class_size") {
            sn.standardClassSize.clear();
            if (v.IsScalar())
                sn.standardClassSize.push_back(scalar<int>(v, origin, key));
            else if (v.IsSequence())
                for (const auto& e : v)
                    sn.standardClassSize.push_back(scalar<int>(e, origin, key));
            else
                fail(origin, key, "应为整数或整数列表",
                     "expected an integer or a list of integers");
        } else if (k == "target_rate")
            sn.targetRate = scalar<double>(v, origin, key);
        else if (k == "radius_urban_m")
            sn.radiusUrbanM = scalar<double>(v, origin, key);
        else if (k == "radius_rural_m")
            sn.radiusRuralM = scalar<double>(v, origin, key);
        else if (k == "students_per_staff")
            sn.studentsPerStaff = scalar<double>(v, origin, key);
        else if (k == "land_per_student_m2")
            sn.landPerStudentM2 = scalar<double>(v, origin, key);
        else if (k == "land_per_student_central_m2")
            sn.landPerStudentCentralM2 = scalar<double>(v, origin, key);
        else if (k == "floor_per_student_m2")
            sn.floorPerStudentM2 = scalar<double>(v, origin, key);
        else if (k == "max_classes_per_school")
            sn.maxClassesPerSchool = scalar<int>(v, origin, key);
        else if (k == "catchment") {
            const auto text = scalar<std::string>(v, origin, key);
            if (text == "town" || text == "乡镇")
                sn.catchment = core::CatchmentLevel::Town;
            else if (text == "district" || text == "区县" || text == "县域")
                sn.catchment = core::CatchmentLevel::District;
            else
                fail(origin, key, "应为 town 或 district: \"" + text + "\"",
                     "expected town or district: \"" + text + "\"");
        } else
            fail(origin, key, "未知的键", "unknown key");
    }
}

} // namespace

core::Norms parseNorms(const std::string& yamlText, const std::string& origin,
                       const core::Norms& base) {
    YAML::Node root;
    try {
        root = YAML::Load(yamlText);
    } catch (const YAML::Exception& e) {
        fail(origin, "line " + std::to_string(e.mark.line + 1), "YAML 格式错误",
             "malformed YAML: " + e.msg);
    }
    core::Norms n = base;
    if (root.IsNull())
        return n;
    if (!root.IsMap())
        fail(origin, "(top)", "应为键值表", "expected a mapping");
    for (const auto& kv : root) {
        const std::string k = kv.first.as<std::string>();
        const YAML::Node& v = kv.second;
        if (k == "large_class_min")
            n.largeClassMin = scalar<int>(v, origin, k);
        else if (k == "huge_class_min")
            n.hugeClassMin = scalar<int>(v, origin, k);
        else if (k == "persons_per_household")
            n.personsPerHousehold = scalar<double>(v, origin, k);
        else if (k == "kindergarten_seats_per_1000")
            n.kindergartenSeatsPer1000 = scalar<double>(v, origin, k);
        else if (k == "kindergarten_min_people")
            n.kindergartenMinPeople = scalar<int>(v, origin, k);
        else if (k == "kindergarten_min_classes")
            n.kindergartenMinClasses = scalar<int>(v, origin, k);
        else if (k == "stages") {
            if (!v.IsMap())
                fail(origin, k, "应为键值表", "expected a mapping of stage codes");
            for (const auto& st : v) {
                const std::string code = st.first.as<std::string>();
                const auto stage = core::parseStage(code);
                if (!stage)
                    fail(origin, "stages." + code, "未知学段", "unknown stage");
                applyStage(st.second, n[*stage], origin, "stages." + code);
            }
        } else
            fail(origin, k, "未知的键", "unknown key");
    }
    const auto problems = core::validate(n);
    if (!problems.empty()) {
        std::string all;
        for (const auto& p : problems)
            all += (all.empty() ? "" : "; ") + p;
        fail(origin, "(values)", "规范取值无效", "invalid norms: " + all);
    }
    return n;
}

core::Norms loadNorms(const std::filesystem::path& file, const core::Norms& base) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw ScenarioError(file.string() + ": 无法打开规范文件 / cannot open the norms file");
    std::ostringstream text;
    text << in.rdbuf();
    return parseNorms(text.str(), file.string(), base);
}

} // namespace xw::scenarios
