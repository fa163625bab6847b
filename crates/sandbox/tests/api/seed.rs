//! Every request example of seed 000 §4.3–4.15, copied from the seed. The
//! seed's contactPhone / certificateNo ciphertexts are under a key we do not
//! know, so they are re-encrypted with the dev key from plaintexts chosen here.

use serde_json::{Value, json};

use super::helpers::enc;

/// 吴鹏 of §4.4 and §4.5.
pub const WU_PHONE: &str = "13912345678";
pub const WU_ID: &str = "210102198503152043";
/// 孙文岩 of §4.6 and §4.8.
pub const SUN_PHONE: &str = "13700001111";
pub const SUN_ID: &str = "21020319780620301X";
/// 吴鹏 of §4.7.
pub const WU2_PHONE: &str = "13698765432";
pub const WU2_ID: &str = "211102198807070033";

/// §4.4 提交"咨询评价"评价.
pub fn hallworker_eval() -> Value {
    json!({
        "appCode": "hallCs",
        "evalEntityCode": "hallAffair",
        "hall": {
            "hallCode": 56417234343428097_u64,
            "hallWorkerName": "李凤",
            "workNo": "1212"
        },
        "tagList": [
            "6184929050230784",
            "6184929050230788"
        ],
        "generalStars": 5,
        "remark": "评论测试数据",
        "channel": "hallPad",
        "evalProcess": 2,
        "user":{
            "userId":" 08ffe903-538c-42bc-b300-76ddd1c26924 ",
            "userName":"吴鹏",
            "contactPhone": enc(WU_PHONE),
            "userType":1,
            "certificateNo": enc(WU_ID)
        }
    })
}

/// §4.5 提交"办件评价"评价.
pub fn affair_eval() -> Value {
    json!({
        "appCode": "hallCs",
        "channel": "miniApp",
        "generalStars": "5",
        "evalProcess": "2",
        "evalEntityCode": "hallAffair",
        "remark": "8月31号szg测试",
        "evalTime": "20200831115716",
        "tagList": [
            "6176177894981642"
        ],
        "department": {
            "departmentName": "自然资源局",
            "ouguid": "650b2191-e399-4684-81cb-f47629103857",
            "departmentCode": "11210100001583287J"
        },
        "affair": {
            "affairName": "测试事项yx_证照",
            "affairApplyTime": "20200827175015",
            "affairSerialNo": "210101-210100259014-20200819134236952",
            "affairDealOfficer": "yx",
            "affairCode": "11210100001582962H3211000880000",
            "affairDoneTime": "20200827175016"
        },
        "user": {
            "userId": "08ffe903-538c-42bc-b300-76ddd1c26924",
            "userType": "1",
            "userName": "吴鹏",
            "contactPhone": enc(WU_PHONE),
            "certificateNo": enc(WU_ID),
            "passportName": "szg",
            "certificateType": "22"
        },
        "hall": {
            "hallCode": "56417234343428097",
            "hallName": "沈阳测试大厅",
            "hallWorkerName": "李凤",
            "workNo": "1212"
        }
    })
}

/// §4.6 提交同一事项批量评价.
pub fn multi_eval() -> Value {
    json!({
        "appCode": "jianhang",
        "evalEntityCode": "appAffair",
        "affairCode":"11210000001099508F2210100001001",
        "affairName":"电网工程项目核准",
        "department": {
            "departmentCode": "11210000001099743F"
        },
        "affairList": [{
            "affairSerialNo": "210000-210100183015-20190805160712863",
            "affairDealOfficer":"李萌",
            "affairApplyTime":"20200902093028",
            "affairDoneTime":"20200902143028"
        }, {
            "affairSerialNo": "210000-210100183015-20190805160712864",
            "affairDealOfficer":"本萌",
            "affairApplyTime":"20200902095216",
            "affairDoneTime":"20200902153028"
        }],
        "user": {
            "userId": "0292f238da6e4eeda5e930b15df88f79",
            "userType":1,
            "userName": "孙文岩",
            "contactPhone": enc(SUN_PHONE),
            "certificateType": 1,
            "certificateNo": enc(SUN_ID)
        },
        "tagList": [
            "6184929050230784",
            "6184929050230788"
        ],
        "generalStars": 5,
        "remark": "附加评论测试",
        "evalProcess": 2,
        "channel": "miniApp"
    })
}

/// §4.6's answer when the second case was rated before.
pub fn multi_eval_answer() -> Value {
    json!([
        {
            "code": 0,
            "data": {
                "affairSerialNo": "210000-210100183015-20190805160712863",
                "affairCode": null,
                "affairName": null,
                "affairDealOfficer": "李萌",
                "affairApplyTime": "20200902093028",
                "affairDoneTime": "20200902143028",
                "acceptPerson": null,
                "projectType": null
            },
            "message": "评价成功"
        },
        {
            "code": -1,
            "data": {
                "affairSerialNo": "210000-210100183015-20190805160712864",
                "affairCode": null,
                "affairName": null,
                "affairDealOfficer": "本萌",
                "affairApplyTime": "20200902095216",
                "affairDoneTime": "20200902153028",
                "acceptPerson": null,
                "projectType": null
            },
            "message": "评价失败,原因:210000-210100183015-20190805160712864的评价在系统中已存在"
        }
    ])
}

/// §4.7 提交"一件事"评价.
pub fn onething_eval() -> Value {
    json!({
        "evalListVo": [
            {
                "affair": {
                    "affairSerialNo": "210000-210100188000-20191031103932435",
                    "affairCode":"11210000001099508F2210100001001",
                    "affairName":"电网工程项目核准",
                    "affairDealOfficer":"张虹",
                    "affairApplyTime":"20200902153922",
                    "affairDoneTime":"20200903105216"
                },
                "appCode": "hallCs",
                "channel": "hallPad",
                "department": {
                    "departmentCode": "11211100MB1507487E"
                },
                "evalEntityCode": "hallAffair",
                "evalProcess": 2,
                "generalStars": 5,
                "hall": {
                    "hallCode": "56417234343428097",
                    "hallWorkerName": "刘丹丹",
                    "workNo": "3101"
                },
                "remark": "非常好",
                "tagList": [{
                        "tagId": "6184929050230784"
                    },
                    {
                        "tagId": "6184929050230788"
                    }
                ],
                "user": {
                    "userId": "41338431132925952",
                    "userType":1,
                    "userName": "吴鹏",
                    "certificateType": 1,
                    "certificateNo": enc(WU2_ID),
                    "contactPhone": enc(WU2_PHONE)
                }
            },
            {
                "affair": {
                    "affairSerialNo": "210000-210100188000-20191031103932436",
                    "affairCode":"11210000001099508F2210100001001",
                    "affairName":"电网工程项目核准",
                    "affairDealOfficer":"张虹",
                    "affairApplyTime":"20200902153922",
                    "affairDoneTime":"20200903105216"
                },
                "appCode": "hallCs",
                "channel": "hallPad",
                "department": {
                    "departmentCode": "11211100MB1507487E"
                },
                "evalEntityCode": "hallAffair",
                "evalProcess": 2,
                "generalStars": 2,
                "hall": {
                    "hallCode": "56417234343428097",
                    "hallWorkerName": "刘丹丹",
                    "workNo": "3101"
                },
                "remark": "体验很差好不好！",
                "user": {
                    "userId": "41338431132925952",
                    "userType":1,
                    "userName": "吴鹏",
                    "certificateType": 1,
                    "certificateNo": enc(WU2_ID),
                    "contactPhone": enc(WU2_PHONE)
                }
            }
        ],
        "subBusiness": "open company",
        "relationBusNum": 2
    })
}

/// §4.8 提交办事指南评价.
pub fn guide_eval() -> Value {
    json!({
        "generalStars": 3,
        "remark": "",
        "tagList": ["6176177894981649", "6176177894981650", "6176177894981651", "6176177894981652"],
        "guide": {
            "departmentCode": "11211282001198258E",
            "affairCode": "11211282001198258E4000109040000",
            "affairName": "其它无户口人员恢复户口"
        },
        "user": {
            "userId": "0292f238da6e4eeda5e930b15df88f79",
            "userType":1,
            "userName": "孙文岩",
            "contactPhone": enc(SUN_PHONE),
            "certificateType": 1,
            "certificateNo": enc(SUN_ID)
        },
        "appCode": "jianhang",
        "evalEntityCode": "egovGuide",
        "channel": "web",
        "evalTime": "20191013200714"
    })
}

/// §4.13 更新差评工单有效性.
pub fn eval_validity() -> Value {
    json!({
        "appCode": "hotLine8890",
        "evalWorkOrderNo": "210000-210100188000-20191031103932435",
        "validity": 1
    })
}

/// §4.14 更新差评工单整改信息.
pub fn eval_process() -> Value {
    json!({
        "appCode": "hotLine8890",
        "evalWorkOrderNo": "B40897245633052672",
        "processList": [
            {
                "processTime": "20191015171010",
                "processType": 2,
                "remark": "热线处理回访成功"
            }
        ]
    })
}

/// §4.3's answer for `appCode=egovHcp&evalEntityCode=egovGuide&generalStars=5`.
pub fn tag_list_answer() -> Value {
    json!({
        "code": 0,
        "message": "SUCCESS",
        "data": {
            "tagList": [
                {
                    "tagId": "6176177894981641",
                    "tagName": "材料范本非常规范",
                    "starNum": 5
                },
                {
                    "tagId": "6176177894981642",
                    "tagName": "办理条件非常准确",
                    "starNum": 5
                },
                {
                    "tagId": "6176177894981643",
                    "tagName": "申请流程非常清晰",
                    "starNum": 5
                },
                {
                    "tagId": "6176177894981644",
                    "tagName": "情形非常合理",
                    "starNum": 5
                }
            ]
        }
    })
}
