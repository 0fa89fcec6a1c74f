#include <xw/core/model/school.hpp>

namespace xw::core {

int StageProvision::classes() const {
    int n = 0;
    for (const auto& g : grades)
        n += g.classes;
    return n;
}

int StageProvision::students() const {
    int n = 0;
    for (const auto& g : grades)
        n += g.students;
    return n;
}

int StageProvision::migrantStudents() const {
    int n = 0;
    for (const auto& g : grades)
        n += g.migrantStudents;
    return n;
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
