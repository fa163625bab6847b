//! The demo data: halls with their window workers, departments, finished
//! cases (已办数据), the demo citizen, and what the citizen rated before
//! ([`HISTORY`]). It seeds the sandbox (the citizen's unrated cases appear
//! in the 4.9/4.10 lists; the history is stored by
//! [`crate::Sandbox::seed_demo_history`]) and, in sandbox mode, the
//! gateway's hall, case and department directories, so every demo link
//! works locally.
//!
//! Codes and case numbers from seed 000's examples are kept as the seed has
//! them; the rest are made up in the same shape. Times are `yyyyMMddHHmmss`,
//! Beijing time.

use hcp_protocol::EvalEntityCode;

/// A window worker of a hall (窗口服务人员).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Worker {
    /// 窗口服务人员工号 (workNo).
    pub work_no: &'static str,
    /// 窗口服务人员姓名 (hallWorkerName).
    pub name: &'static str,
}

/// A service hall (实体大厅) registered with the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hall {
    /// 大厅编码 assigned by the platform (hallCode).
    pub code: &'static str,
    /// 大厅名字 (hallName).
    pub name: &'static str,
    /// Its window workers.
    pub workers: &'static [Worker],
}

/// A department (办理部门) in the province's directory: its code, as the
/// page URLs and cases carry it, and its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Department {
    /// 部门编码 (departmentCode).
    pub code: &'static str,
    /// 部门名称 (departmentName).
    pub name: &'static str,
}

/// A case (办件) in the province's 已办 database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Case {
    /// 办件编号 (affairSerialNo).
    pub affair_serial_no: &'static str,
    /// 实施清单编码 (affairCode).
    pub affair_code: &'static str,
    /// 事项名称 (affairName).
    pub affair_name: &'static str,
    /// 部门编码 (departmentCode).
    pub department_code: &'static str,
    /// 部门名称 (departmentName).
    pub department_name: &'static str,
    /// 事项受理人姓名 (affairDealOfficer).
    pub affair_deal_officer: &'static str,
    /// 事项受理时间 yyyyMMddHHmmss (affairApplyTime).
    pub affair_apply_time: &'static str,
    /// 事项办结时间 yyyyMMddHHmmss; `None` while the case is only accepted.
    pub affair_done_time: Option<&'static str>,
    /// The applicant's 统一身份认证 userId (whose 我的评价 lists the case).
    pub owner_user_id: &'static str,
    /// Where it was handled: `HallAffair` (in a hall), `EgovAffair` (online) or `AppAffair`.
    pub eval_entity_code: EvalEntityCode,
    /// The hall that handled it, for hall cases.
    pub hall_code: Option<&'static str>,
    /// The window worker who handled it, for hall cases.
    pub work_no: Option<&'static str>,
}

/// The demo citizen, for the gateway's development login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Citizen {
    /// 统一身份认证系统uid.
    pub user_id: &'static str,
    /// 评价人姓名.
    pub user_name: &'static str,
    /// 评价者类型: 1 个人.
    pub user_type: i64,
    /// 证件类型: 111 居民身份证.
    pub certificate_type: i64,
    /// 证件编号 (a made-up ID number with a valid check digit).
    pub certificate_no: &'static str,
    /// 手机号码.
    pub contact_phone: &'static str,
    /// 登录账号.
    pub passport_name: &'static str,
}

/// The app code of the seed's dynamic-QR example, used by the demo links.
pub const APP_CODE: &str = "cTPyv9r6";

/// The demo citizen 王小明.
pub const CITIZEN: Citizen = Citizen {
    user_id: "6a1f3b0e-2c4d-4e8f-9a7b-5d3c2e1f0a9b",
    user_name: "王小明",
    user_type: 1,
    certificate_type: 111,
    certificate_no: "210102199001011237",
    contact_phone: "13800138000",
    passport_name: "wangxiaoming",
};

/// The seed's 4.5 evaluator 吴鹏 (owner of the seed's 4.5 case).
const WU_PENG_4_5: &str = "08ffe903-538c-42bc-b300-76ddd1c26924";
/// The seed's 4.6 / 4.8 evaluator 孙文岩.
const SUN_WENYAN: &str = "0292f238da6e4eeda5e930b15df88f79";
/// The seed's 4.7 evaluator 吴鹏.
const WU_PENG_4_7: &str = "41338431132925952";
/// The user of the seed's 4.9–4.11 query examples.
const QUERY_USER: &str = "35c9f094-915b-488d-ba26-d71159c2020b";

/// The halls.
pub static HALLS: &[Hall] = &[
    Hall {
        // The seed's dynamic-QR example hall.
        code: "39357010579292161",
        name: "辽宁省政务服务中心",
        workers: &[
            Worker {
                work_no: "0204",
                name: "张三",
            },
            Worker {
                work_no: "0205",
                name: "李四",
            },
            Worker {
                work_no: "0206",
                name: "王芳",
            },
        ],
    },
    Hall {
        code: "56417234343428097",
        name: "沈阳测试大厅",
        workers: &[
            Worker {
                work_no: "1212",
                name: "李凤",
            },
            Worker {
                work_no: "3101",
                name: "刘丹丹",
            },
            Worker {
                work_no: "1213",
                name: "赵强",
            },
        ],
    },
    Hall {
        code: "56417234343428201",
        name: "大连市政务服务中心",
        workers: &[
            Worker {
                work_no: "2001",
                name: "陈静",
            },
            Worker {
                work_no: "2002",
                name: "孙涛",
            },
        ],
    },
];

/// 个体工商户设立登记, four cases in the 沈阳测试大厅 for the batch page.
const GETI: &str = "11210100001583301X4000104001000";
/// 电网工程项目核准 (seed 000 §4.6 and §4.7).
const DIANWANG: &str = "11210000001099508F2210100001001";
/// 不动产转移登记, two cases in Dalian.
const BUDONGCHAN: &str = "11210200001188506K4000102005000";

/// The cases.
pub static CASES: &[Case] = &[
    // ---- from seed 000
    Case {
        // The dynamic-QR example (§6): hall 39357010579292161, worker 0204 张三, stage 2.
        affair_serial_no: "210000-210100009000-20200603093755953",
        affair_code: "11210000001099516A2210100009000",
        affair_name: "建设项目用地预审与选址意见书核发",
        department_code: "11210000001099516A",
        department_name: "辽宁省自然资源厅",
        affair_deal_officer: "张三",
        affair_apply_time: "20200603093755",
        affair_done_time: Some("20200605153000"),
        owner_user_id: CITIZEN.user_id,
        eval_entity_code: EvalEntityCode::HallAffair,
        hall_code: Some("39357010579292161"),
        work_no: Some("0204"),
    },
    Case {
        // §4.5's example.
        affair_serial_no: "210101-210100259014-20200819134236952",
        affair_code: "11210100001582962H3211000880000",
        affair_name: "测试事项yx_证照",
        department_code: "11210100001583287J",
        department_name: "自然资源局",
        affair_deal_officer: "yx",
        affair_apply_time: "20200827175015",
        affair_done_time: Some("20200827175016"),
        owner_user_id: WU_PENG_4_5,
        eval_entity_code: EvalEntityCode::HallAffair,
        hall_code: Some("56417234343428097"),
        work_no: Some("1212"),
    },
    Case {
        // §4.6's example, first case.
        affair_serial_no: "210000-210100183015-20190805160712863",
        affair_code: DIANWANG,
        affair_name: "电网工程项目核准",
        department_code: "11210000001099743F",
        department_name: "辽宁省发展和改革委员会",
        affair_deal_officer: "李萌",
        affair_apply_time: "20200902093028",
        affair_done_time: Some("20200902143028"),
        owner_user_id: SUN_WENYAN,
        eval_entity_code: EvalEntityCode::AppAffair,
        hall_code: None,
        work_no: None,
    },
    Case {
        // §4.6's example, second case.
        affair_serial_no: "210000-210100183015-20190805160712864",
        affair_code: DIANWANG,
        affair_name: "电网工程项目核准",
        department_code: "11210000001099743F",
        department_name: "辽宁省发展和改革委员会",
        affair_deal_officer: "本萌",
        affair_apply_time: "20200902095216",
        affair_done_time: Some("20200902153028"),
        owner_user_id: SUN_WENYAN,
        eval_entity_code: EvalEntityCode::AppAffair,
        hall_code: None,
        work_no: None,
    },
    Case {
        // §4.7's example, first case.
        affair_serial_no: "210000-210100188000-20191031103932435",
        affair_code: DIANWANG,
        affair_name: "电网工程项目核准",
        department_code: "11211100MB1507487E",
        department_name: "盘锦市行政审批局",
        affair_deal_officer: "张虹",
        affair_apply_time: "20200902153922",
        affair_done_time: Some("20200903105216"),
        owner_user_id: WU_PENG_4_7,
        eval_entity_code: EvalEntityCode::HallAffair,
        hall_code: Some("56417234343428097"),
        work_no: Some("3101"),
    },
    Case {
        // §4.7's example, second case.
        affair_serial_no: "210000-210100188000-20191031103932436",
        affair_code: DIANWANG,
        affair_name: "电网工程项目核准",
        department_code: "11211100MB1507487E",
        department_name: "盘锦市行政审批局",
        affair_deal_officer: "张虹",
        affair_apply_time: "20200902153922",
        affair_done_time: Some("20200903105216"),
        owner_user_id: WU_PENG_4_7,
        eval_entity_code: EvalEntityCode::HallAffair,
        hall_code: Some("56417234343428097"),
        work_no: Some("3101"),
    },
    // ---- the cases of §4.10's example answer (user 35c9f094-…), October 2019
    Case {
        affair_serial_no: "210000-210100004000-20191011165236771",
        affair_code: "11210000001099508F2210100004002",
        affair_name: "煤矿技术改造项目审批",
        department_code: "11210000001099743F",
        department_name: "辽宁省发展和改革委员会（辽宁省能源局）",
        affair_deal_officer: "周敏",
        affair_apply_time: "20191012174337",
        affair_done_time: None,
        owner_user_id: QUERY_USER,
        eval_entity_code: EvalEntityCode::EgovAffair,
        hall_code: None,
        work_no: None,
    },
    Case {
        affair_serial_no: "210000-210100055000-20191012140835715",
        affair_code: "11210000001099412L2210100055000",
        affair_name: "保安服务公司设立许可",
        department_code: "11210000001099412L",
        department_name: "辽宁省公安厅",
        affair_deal_officer: "刘洋",
        affair_apply_time: "20191012145114",
        affair_done_time: None,
        owner_user_id: QUERY_USER,
        eval_entity_code: EvalEntityCode::EgovAffair,
        hall_code: None,
        work_no: None,
    },
    Case {
        // §4.11's example.
        affair_serial_no: "210000-210100001009-20191012124738520",
        affair_code: "11210000001099508F2210100001009",
        affair_name: "石化项目核准",
        department_code: "11210000001099743F",
        department_name: "辽宁省发展和改革委员会（辽宁省能源局）",
        affair_deal_officer: "吴迪",
        affair_apply_time: "20191012130744",
        affair_done_time: Some("20191013100000"),
        owner_user_id: QUERY_USER,
        eval_entity_code: EvalEntityCode::EgovAffair,
        hall_code: None,
        work_no: None,
    },
    Case {
        affair_serial_no: "210000-210100055000-20191012091342616",
        affair_code: "11210000001099412L2210100055000",
        affair_name: "保安服务公司设立许可",
        department_code: "11210000001099412L",
        department_name: "辽宁省公安厅",
        affair_deal_officer: "刘洋",
        affair_apply_time: "20191012091427",
        affair_done_time: None,
        owner_user_id: QUERY_USER,
        eval_entity_code: EvalEntityCode::EgovAffair,
        hall_code: None,
        work_no: None,
    },
    Case {
        affair_serial_no: "210000-210100001015-20191011183237023",
        affair_code: "11210000001099610K2210100001015",
        affair_name: "进口液化天然气接收、储运设施项目核准",
        department_code: "11210000001099610K",
        department_name: "辽宁省工业和信息化厅",
        affair_deal_officer: "王芳",
        affair_apply_time: "20191011183237",
        affair_done_time: Some("20191012085635"),
        owner_user_id: QUERY_USER,
        eval_entity_code: EvalEntityCode::HallAffair,
        hall_code: Some("39357010579292161"),
        work_no: Some("0206"),
    },
    // ---- the demo citizen's cases, March and April 2025
    Case {
        affair_serial_no: "210100-210100301001-20250310091512101",
        affair_code: GETI,
        affair_name: "个体工商户设立登记",
        department_code: "11210100001583301X",
        department_name: "沈阳市市场监督管理局",
        affair_deal_officer: "李凤",
        affair_apply_time: "20250310091512",
        affair_done_time: Some("20250312103000"),
        owner_user_id: CITIZEN.user_id,
        eval_entity_code: EvalEntityCode::HallAffair,
        hall_code: Some("56417234343428097"),
        work_no: Some("1212"),
    },
    Case {
        affair_serial_no: "210100-210100301001-20250310092033102",
        affair_code: GETI,
        affair_name: "个体工商户设立登记",
        department_code: "11210100001583301X",
        department_name: "沈阳市市场监督管理局",
        affair_deal_officer: "李凤",
        affair_apply_time: "20250310092033",
        affair_done_time: Some("20250312103500"),
        owner_user_id: CITIZEN.user_id,
        eval_entity_code: EvalEntityCode::HallAffair,
        hall_code: Some("56417234343428097"),
        work_no: Some("1212"),
    },
    Case {
        affair_serial_no: "210100-210100301001-20250310093147103",
        affair_code: GETI,
        affair_name: "个体工商户设立登记",
        department_code: "11210100001583301X",
        department_name: "沈阳市市场监督管理局",
        affair_deal_officer: "李凤",
        affair_apply_time: "20250310093147",
        affair_done_time: Some("20250313090000"),
        owner_user_id: CITIZEN.user_id,
        eval_entity_code: EvalEntityCode::HallAffair,
        hall_code: Some("56417234343428097"),
        work_no: Some("1212"),
    },
    Case {
        affair_serial_no: "210100-210100301001-20250311140208104",
        affair_code: GETI,
        affair_name: "个体工商户设立登记",
        department_code: "11210100001583301X",
        department_name: "沈阳市市场监督管理局",
        affair_deal_officer: "赵强",
        affair_apply_time: "20250311140208",
        affair_done_time: None,
        owner_user_id: CITIZEN.user_id,
        eval_entity_code: EvalEntityCode::HallAffair,
        hall_code: Some("56417234343428097"),
        work_no: Some("1213"),
    },
    Case {
        affair_serial_no: "210000-210100055000-20250305101010201",
        affair_code: "11210000001099412L4000103002000",
        affair_name: "居民身份证换领",
        department_code: "11210000001099412L",
        department_name: "辽宁省公安厅",
        affair_deal_officer: "李四",
        affair_apply_time: "20250305101010",
        affair_done_time: Some("20250318150000"),
        owner_user_id: CITIZEN.user_id,
        eval_entity_code: EvalEntityCode::HallAffair,
        hall_code: Some("39357010579292161"),
        work_no: Some("0205"),
    },
    Case {
        affair_serial_no: "210000-210100055000-20250321143005202",
        affair_code: "11210000001099412L4000106021000",
        affair_name: "机动车驾驶证审验",
        department_code: "11210000001099412L",
        department_name: "辽宁省公安厅",
        affair_deal_officer: "王芳",
        affair_apply_time: "20250321143005",
        affair_done_time: None,
        owner_user_id: CITIZEN.user_id,
        eval_entity_code: EvalEntityCode::HallAffair,
        hall_code: Some("39357010579292161"),
        work_no: Some("0206"),
    },
    Case {
        affair_serial_no: "210000-210100004000-20250302083015301",
        affair_code: "11210000001099508F2210100004000",
        affair_name: "企业投资项目备案",
        department_code: "11210000001099743F",
        department_name: "辽宁省发展和改革委员会",
        affair_deal_officer: "周敏",
        affair_apply_time: "20250302083015",
        affair_done_time: Some("20250304170000"),
        owner_user_id: CITIZEN.user_id,
        eval_entity_code: EvalEntityCode::EgovAffair,
        hall_code: None,
        work_no: None,
    },
    Case {
        affair_serial_no: "210000-210100001009-20250315101500302",
        affair_code: "11210000001099508F2210100001009",
        affair_name: "石化项目核准",
        department_code: "11210000001099743F",
        department_name: "辽宁省发展和改革委员会",
        affair_deal_officer: "吴迪",
        affair_apply_time: "20250315101500",
        affair_done_time: Some("20250328160000"),
        owner_user_id: CITIZEN.user_id,
        eval_entity_code: EvalEntityCode::EgovAffair,
        hall_code: None,
        work_no: None,
    },
    Case {
        affair_serial_no: "210000-210101681002-20250402091918303",
        affair_code: "11210000MB1536285H2210101681002",
        affair_name: "药品经营许可证（零售）核发",
        department_code: "11210000MB1536285H",
        department_name: "辽宁省药品监督管理局",
        affair_deal_officer: "郑洁",
        affair_apply_time: "20250402091918",
        affair_done_time: Some("20250409110000"),
        owner_user_id: CITIZEN.user_id,
        eval_entity_code: EvalEntityCode::EgovAffair,
        hall_code: None,
        work_no: None,
    },
    Case {
        affair_serial_no: "210200-210200101005-20250318094521401",
        affair_code: BUDONGCHAN,
        affair_name: "不动产转移登记",
        department_code: "11210200001188506K",
        department_name: "大连市自然资源局",
        affair_deal_officer: "陈静",
        affair_apply_time: "20250318094521",
        affair_done_time: Some("20250320150000"),
        owner_user_id: CITIZEN.user_id,
        eval_entity_code: EvalEntityCode::HallAffair,
        hall_code: Some("56417234343428201"),
        work_no: Some("2001"),
    },
    Case {
        affair_serial_no: "210200-210200101005-20250318100233402",
        affair_code: BUDONGCHAN,
        affair_name: "不动产转移登记",
        department_code: "11210200001188506K",
        department_name: "大连市自然资源局",
        affair_deal_officer: "孙涛",
        affair_apply_time: "20250318100233",
        affair_done_time: Some("20250320153000"),
        owner_user_id: CITIZEN.user_id,
        eval_entity_code: EvalEntityCode::HallAffair,
        hall_code: Some("56417234343428201"),
        work_no: Some("2002"),
    },
    // ---- the demo citizen's history (HISTORY): a case in every state
    Case {
        // Rated at both stages.
        affair_serial_no: "210100-210100501002-20250505100512501",
        affair_code: "11210100001583299P4000110002000",
        affair_name: "住房公积金提取",
        department_code: "11210100001583299P",
        department_name: "沈阳住房公积金管理中心",
        affair_deal_officer: "高岩",
        affair_apply_time: "20250505100512",
        affair_done_time: Some("20250507150000"),
        owner_user_id: CITIZEN.user_id,
        eval_entity_code: EvalEntityCode::EgovAffair,
        hall_code: None,
        work_no: None,
    },
    Case {
        // Rated on acceptance, finished since.
        affair_serial_no: "210100-210100401008-20250512143020502",
        affair_code: "11210100001583264K4000107003000",
        affair_name: "社会保障卡申领",
        department_code: "11210100001583264K",
        department_name: "沈阳市人力资源和社会保障局",
        affair_deal_officer: "孟玲",
        affair_apply_time: "20250512143020",
        affair_done_time: Some("20250520100000"),
        owner_user_id: CITIZEN.user_id,
        eval_entity_code: EvalEntityCode::EgovAffair,
        hall_code: None,
        work_no: None,
    },
    Case {
        // Rated on completion only.
        affair_serial_no: "210100-210100301003-20250420091533503",
        affair_code: "11210100001583301X4000104003000",
        affair_name: "营业执照变更登记",
        department_code: "11210100001583301X",
        department_name: "沈阳市市场监督管理局",
        affair_deal_officer: "李凤",
        affair_apply_time: "20250420091533",
        affair_done_time: Some("20250422160000"),
        owner_user_id: CITIZEN.user_id,
        eval_entity_code: EvalEntityCode::EgovAffair,
        hall_code: None,
        work_no: None,
    },
    Case {
        // A 差评 with the department's feedback.
        affair_serial_no: "210100-210100601004-20250415083000504",
        affair_code: "11210100001583272F4000111005000",
        affair_name: "公共租赁住房资格申请",
        department_code: "11210100001583272F",
        department_name: "沈阳市房产局",
        affair_deal_officer: "邵宁",
        affair_apply_time: "20250415083000",
        affair_done_time: Some("20250430170000"),
        owner_user_id: CITIZEN.user_id,
        eval_entity_code: EvalEntityCode::EgovAffair,
        hall_code: None,
        work_no: None,
    },
    Case {
        // A 差评 still with the department.
        affair_serial_no: "210100-210100401015-20250601100000505",
        affair_code: "11210100001583264K4000107020000",
        affair_name: "城乡居民养老保险参保登记",
        department_code: "11210100001583264K",
        department_name: "沈阳市人力资源和社会保障局",
        affair_deal_officer: "孟玲",
        affair_apply_time: "20250601100000",
        affair_done_time: Some("20250615100000"),
        owner_user_id: CITIZEN.user_id,
        eval_entity_code: EvalEntityCode::EgovAffair,
        hall_code: None,
        work_no: None,
    },
    // ---- the demo 一件事 开办企业 (ONETHING_CASES), unrated
    Case {
        affair_serial_no: "210100-210100301005-20250602090101601",
        affair_code: "11210100001583301X4000101001000",
        affair_name: "企业设立登记",
        department_code: "11210100001583301X",
        department_name: "沈阳市市场监督管理局",
        affair_deal_officer: "李凤",
        affair_apply_time: "20250602090101",
        affair_done_time: Some("20250603110000"),
        owner_user_id: CITIZEN.user_id,
        eval_entity_code: EvalEntityCode::EgovAffair,
        hall_code: None,
        work_no: None,
    },
    Case {
        affair_serial_no: "210100-210100210011-20250602093022602",
        affair_code: "11210100001583256R4000112003000",
        affair_name: "公章刻制备案",
        department_code: "11210100001583256R",
        department_name: "沈阳市公安局",
        affair_deal_officer: "韩冰",
        affair_apply_time: "20250602093022",
        affair_done_time: Some("20250603113000"),
        owner_user_id: CITIZEN.user_id,
        eval_entity_code: EvalEntityCode::EgovAffair,
        hall_code: None,
        work_no: None,
    },
    Case {
        affair_serial_no: "210100-210100401020-20250602100545603",
        affair_code: "11210100001583264K4000107014000",
        affair_name: "企业社会保险登记",
        department_code: "11210100001583264K",
        department_name: "沈阳市人力资源和社会保障局",
        affair_deal_officer: "孟玲",
        affair_apply_time: "20250602100545",
        affair_done_time: Some("20250603140000"),
        owner_user_id: CITIZEN.user_id,
        eval_entity_code: EvalEntityCode::EgovAffair,
        hall_code: None,
        work_no: None,
    },
];

/// The departments of the cases and pages above: the department directory
/// of the gateway in sandbox mode. One name per code (some seed cases carry
/// a longer name of their own).
pub static DEPARTMENTS: &[Department] = &[
    Department {
        code: "11210000001099516A",
        name: "辽宁省自然资源厅",
    },
    Department {
        code: "11210100001583287J",
        name: "沈阳市自然资源局",
    },
    Department {
        code: "11210000001099743F",
        name: "辽宁省发展和改革委员会",
    },
    Department {
        code: "11211100MB1507487E",
        name: "盘锦市行政审批局",
    },
    Department {
        code: "11210000001099412L",
        name: "辽宁省公安厅",
    },
    Department {
        code: "11210000001099610K",
        name: "辽宁省工业和信息化厅",
    },
    Department {
        code: "11210100001583301X",
        name: "沈阳市市场监督管理局",
    },
    Department {
        code: "11210000MB1536285H",
        name: "辽宁省药品监督管理局",
    },
    Department {
        code: "11210200001188506K",
        name: "大连市自然资源局",
    },
    Department {
        code: "11210100001583256R",
        name: "沈阳市公安局",
    },
    Department {
        code: "11210100001583264K",
        name: "沈阳市人力资源和社会保障局",
    },
    Department {
        code: "11210100001583299P",
        name: "沈阳住房公积金管理中心",
    },
    Department {
        code: "11210100001583272F",
        name: "沈阳市房产局",
    },
];

/// The department with this code.
pub fn department(code: &str) -> Option<&'static Department> {
    DEPARTMENTS.iter().find(|d| d.code == code)
}

/// The cases of the demo 一件事 开办企业 (seed 000 §4.7): three services of
/// three departments, finished together, not yet rated.
pub static ONETHING_CASES: [&str; 3] = [
    "210100-210100301005-20250602090101601",
    "210100-210100210011-20250602093022602",
    "210100-210100401020-20250602100545603",
];

/// Its 主题业务.
pub const ONETHING_SUBJECT: &str = "开办企业";

/// What the demo citizen rated before the demo starts, so that 我的评价
/// shows a case in every state. Times are days before the history is
/// seeded (so the time filters have something to tell apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PastRating {
    /// The platform's evaluation id (fixed: seeding twice stores it once).
    pub eval_id: &'static str,
    /// The case rated (`None`: a guide).
    pub affair_serial_no: Option<&'static str>,
    /// 评价阶段 of a case rating.
    pub eval_process: u8,
    /// A guide: its 事项编码 and 事项名称, and its department's code.
    pub guide: Option<(&'static str, &'static str, &'static str)>,
    /// 1..=5.
    pub stars: u8,
    /// Tag ids from the catalog ([`crate::tags`]).
    pub tags: &'static [&'static str],
    /// 评价意见.
    pub remark: &'static str,
    /// How many days before seeding it was given.
    pub days_ago: i64,
    /// A 差评's work order: the hotline's verdict (4.13 validity) and the
    /// steps reported (4.14: days ago, 1 热线 / 2 部门, 处理信息).
    pub work_order: Option<PastWorkOrder>,
}

/// What the 8890 hotline reported on a demo 差评.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PastWorkOrder {
    /// 1 有效, 3 无效.
    pub validity: i64,
    /// (days ago, processType, remark).
    pub steps: &'static [(i64, i64, &'static str)],
    /// Whether the department has finished (status 3 已办结) or is still at it (2).
    pub closed: bool,
}

/// The demo citizen's history.
pub static HISTORY: &[PastRating] = &[
    // Rated at both stages.
    PastRating {
        eval_id: "40262765985660001",
        affair_serial_no: Some("210100-210100501002-20250505100512501"),
        eval_process: 1,
        guide: None,
        stars: 5,
        tags: &["6176177890787330", "6176177890787331"],
        remark: "网上申请很方便",
        days_ago: 75,
        work_order: None,
    },
    PastRating {
        eval_id: "40262765985660002",
        affair_serial_no: Some("210100-210100501002-20250505100512501"),
        eval_process: 2,
        guide: None,
        stars: 4,
        tags: &["6176177890787336"],
        remark: "",
        days_ago: 12,
        work_order: None,
    },
    // Rated on acceptance; finished since: its completion can be rated.
    PastRating {
        eval_id: "40262765985660003",
        affair_serial_no: Some("210100-210100401008-20250512143020502"),
        eval_process: 1,
        guide: None,
        stars: 5,
        tags: &["6176177890787332"],
        remark: "",
        days_ago: 25,
        work_order: None,
    },
    // Rated on completion only.
    PastRating {
        eval_id: "40262765985660004",
        affair_serial_no: Some("210100-210100301003-20250420091533503"),
        eval_process: 2,
        guide: None,
        stars: 4,
        tags: &["6176177890787334", "6176177890787335"],
        remark: "",
        days_ago: 50,
        work_order: None,
    },
    // A 差评 the hotline verified and the department rectified.
    PastRating {
        eval_id: "40262765985660005",
        affair_serial_no: Some("210100-210100601004-20250415083000504"),
        eval_process: 2,
        guide: None,
        stars: 1,
        tags: &["6176177890787347"],
        remark: "网上申请后又被要求到窗口补交三次材料",
        days_ago: 100,
        work_order: Some(PastWorkOrder {
            validity: 1,
            steps: &[
                (
                    98,
                    1,
                    "8890热线已电话联系办事人，核实差评属实，转沈阳市房产局整改。",
                ),
                (
                    90,
                    2,
                    "已整改：申请材料清单在网上一次性告知，不再要求到窗口补交；已向办事人致歉，申请已办结。",
                ),
            ],
            closed: true,
        }),
    },
    // A 差评 still with the department.
    PastRating {
        eval_id: "40262765985660006",
        affair_serial_no: Some("210100-210100401015-20250601100000505"),
        eval_process: 2,
        guide: None,
        stars: 2,
        tags: &["6176177890787344"],
        remark: "",
        days_ago: 6,
        work_order: Some(PastWorkOrder {
            validity: 1,
            steps: &[(5, 1, "8890热线已核实，转沈阳市人力资源和社会保障局处理。")],
            closed: false,
        }),
    },
    // Two guide ratings (4.12).
    PastRating {
        eval_id: "40262765985660007",
        affair_serial_no: None,
        eval_process: 0,
        guide: Some((
            "11210000001099412L4000103002000",
            "居民身份证换领",
            "11210000001099412L",
        )),
        stars: 5,
        tags: &["6176177894981641", "6176177894981643"],
        remark: "指南写得很清楚",
        days_ago: 3,
        work_order: None,
    },
    PastRating {
        eval_id: "40262765985660008",
        affair_serial_no: None,
        eval_process: 0,
        guide: Some((GETI, "个体工商户设立登记", "11210100001583301X")),
        stars: 3,
        tags: &["6176177894981649"],
        remark: "",
        days_ago: 40,
        work_order: None,
    },
];

/// The hall with this code.
pub fn hall(code: &str) -> Option<&'static Hall> {
    HALLS.iter().find(|h| h.code == code)
}

/// The worker with this number in this hall.
pub fn worker(hall_code: &str, work_no: &str) -> Option<&'static Worker> {
    hall(hall_code)?
        .workers
        .iter()
        .find(|w| w.work_no == work_no)
}

/// The case with this number.
pub fn case(affair_serial_no: &str) -> Option<&'static Case> {
    CASES
        .iter()
        .find(|c| c.affair_serial_no == affair_serial_no)
}

/// The cases whose applicant is this user.
pub fn cases_of(user_id: &str) -> impl Iterator<Item = &'static Case> + '_ {
    CASES.iter().filter(move |c| c.owner_user_id == user_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hcp_protocol::sign::parse_timestamp14;
    use std::collections::HashSet;

    #[test]
    fn demo_data_is_consistent() {
        let mut seen = HashSet::new();
        for c in CASES {
            assert!(seen.insert(c.affair_serial_no), "{}", c.affair_serial_no);
            let apply = parse_timestamp14(c.affair_apply_time).expect("apply time");
            if let Some(done) = c.affair_done_time {
                assert!(parse_timestamp14(done).expect("done time") >= apply);
            }
            assert_eq!(c.hall_code.is_some(), c.work_no.is_some());
            if let (Some(h), Some(w)) = (c.hall_code, c.work_no) {
                assert!(worker(h, w).is_some(), "{h}/{w}");
                assert_eq!(c.eval_entity_code, EvalEntityCode::HallAffair);
            }
        }
        assert!(CASES.len() >= 21);
        assert!(cases_of(CITIZEN.user_id).count() >= 10);
        assert_eq!(
            worker("39357010579292161", "0204").map(|w| w.name),
            Some("张三")
        );
        assert_eq!(
            worker("56417234343428097", "3101").map(|w| w.name),
            Some("刘丹丹")
        );
        assert_eq!(CASES.iter().filter(|c| c.affair_code == GETI).count(), 4);
    }

    #[test]
    fn every_department_is_named_once_and_the_history_is_the_citizens() {
        let mut codes = HashSet::new();
        for d in DEPARTMENTS {
            assert!(codes.insert(d.code), "{} twice", d.code);
        }
        for c in CASES {
            assert!(
                department(c.department_code).is_some(),
                "{}",
                c.department_code
            );
        }
        for serial in ONETHING_CASES {
            let c = case(serial).expect("一件事 case");
            assert_eq!(c.owner_user_id, CITIZEN.user_id);
            assert!(c.affair_done_time.is_some(), "{serial} is finished");
        }
        let ids: HashSet<&str> = HISTORY.iter().map(|h| h.eval_id).collect();
        assert_eq!(ids.len(), HISTORY.len());
        for h in HISTORY {
            match (h.affair_serial_no, h.guide) {
                (Some(serial), None) => {
                    let c = case(serial).expect("history case");
                    assert_eq!(c.owner_user_id, CITIZEN.user_id);
                    assert!(matches!(h.eval_process, 1 | 2));
                    if h.eval_process == 2 {
                        assert!(c.affair_done_time.is_some(), "{serial}");
                    }
                }
                (None, Some((_, _, dept))) => assert!(department(dept).is_some()),
                other => panic!("a past rating is of a case or a guide: {other:?}"),
            }
            for t in h.tags {
                let tag = crate::tags::find(t).expect("a catalog tag");
                assert_eq!(tag.stars, h.stars, "{t}");
            }
            assert_eq!(h.work_order.is_some(), h.stars <= 2);
        }
    }
}
