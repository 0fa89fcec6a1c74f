#pragma once
// Schools with classes and enrolment per stage and grade.
#include <xw/core/model/region.hpp>
#include <xw/core/model/stage.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xw::core {

/// One grade of one stage in a school, as in the annual statistics form.
struct GradeRecord {
    int grade = 1;    ///< 1-based within the stage (kindergarten: 1 小班, 2 中班, 3 大班)
    int classes = 0;  ///< classes (班级数)
    int students = 0; ///< students enrolled (在校生数)
    int migrantStudents = 0; ///< of which 随迁子女
    /// Large and huge classes (大班额 / 超大班额, Norms::largeClassMin / hugeClassMin) when the
    /// data reports them for this grade; otherwise they are derived from an even split of the
    /// students over the classes (countLargeClasses in balance/seats.hpp).
    std::optional<int> reportedLargeClasses = std::nullopt;
    std::optional<int> reportedHugeClasses = std::nullopt;
};

/// The part of a school that serves one stage.
struct StageProvision {
    Stage stage = Stage::Primary;
    std::vector<GradeRecord> grades; ///< sorted by grade; a grade absent means no classes
    /// Disabled children enrolled (随班就读 or in a special school), when known.
    int disabledStudents = 0;

    [[nodiscard]] std::int64_t classes() const;
    [[nodiscard]] std::int64_t students() const;
    [[nodiscard]] std::int64_t migrantStudents() const;
};

/// Teaching staff by highest qualification; counts are people.
struct Staff {
    int teachers = 0;      ///< full-time teachers (专任教师)
    int collegePlus = 0;   ///< with 大专 or higher
    int bachelorPlus = 0;  ///< with 本科 or higher
    int postgraduate = 0;  ///< with 研究生
    int dualQualified = 0; ///< 双师型 (vocational)
};

struct SchoolFlags {
    bool puhui = false;              ///< 普惠性 (private kindergartens)
    bool provincialStandard = false; ///< 省规范化幼儿园
    bool standardised = false;       ///< 标准化学校 (compulsory)
    bool quality = false;            ///< 优质 (e.g. 省一级 senior high)
    bool provincialKey = false;      ///< 省级重点 or above (vocational)
    bool teachingPoint = false;      ///< 教学点: excluded from the balance coefficient
};

struct School {
    std::string id; ///< the school's id (e.g. the 学校标识码); unique together with `campus`
    /// Campus (校区) when one school has several sites under one id (一校多址): each campus is its
    /// own School entry, with its own location, town and grades, sharing the id. Empty for a
    /// school on one site. (id, campus) is unique in a dataset; outputs keyed by school carry both.
    std::string campus;
    std::string name; ///< Chinese name
    Ownership ownership = Ownership::Public;
    SchoolFlags flags;
    PointM location;      ///< working CRS, metres
    std::string townCode; ///< town containing the location (assigned by gis)
    double landM2 = 0.0;  ///< site area, m²
    double floorM2 = 0.0; ///< building floor area, m²
    Staff staff;
    std::vector<StageProvision> stages; ///< one entry per stage served, in stage order

    /// The school's key in a dataset, unique like (id, campus): the id, or "id|campus" for one
    /// campus of a school with several sites. For maps and look-ups, not for display.
    [[nodiscard]] std::string key() const;

    /// The provision for a stage, or nullptr if the school does not serve it.
    [[nodiscard]] const StageProvision* stage(Stage s) const;
    [[nodiscard]] StageProvision* stage(Stage s);
};

} // namespace xw::core
