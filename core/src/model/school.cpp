#include <xw/core/model/school.hpp>

namespace xw::core {

std::int64_t StageProvision::classes() const {
    std::int64_t n = 0;
    for (const auto& g : grades)
        n += g.classes;
    return n;
}

std::int64_t StageProvision::students() const {
    std::int64_t n = 0;
    for (const auto& g : grades)
        n += g.students;
    return n;
}

std::int64_t StageProvision::migrantStudents() const {
    std::int64_t n = 0;
    for (const auto& g : grades)
        n += g.migrantStudents;
    return n;
}

std::string School::key() const {
    return campus.empty() ? id : id + "|" + campus;
}

const StageProvision* School::stage(Stage s) const {
    for (const auto& p : stages)
        if (p.stage == s)
            return &p;
    return nullptr;
}

StageProvision* School::stage(Stage s) {
    for (auto& p : stages)
        if (p.stage == s)
            return &p;
    return nullptr;
}

} // namespace xw::core
