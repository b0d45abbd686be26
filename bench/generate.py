# ruff: noqa: E501  (the bilingual phrase banks read best one pair a line)
"""Generate a synthetic, realistic handbook of N roles for benchmarking.

    python bench/generate.py 2000 /tmp/handbook-2000

writes a project folder holding a copy of this repository's mkdocs.yml, playbook/ and
overrides/, and a generated data/ that macros.model.handbook.load_handbook accepts:

- departments of 15–30 roles each (a head, a few team leads, their members), named from a
  qualifier (region, channel or category) and a line of business, e.g. 华东区客服部;
- every role with ~400 Chinese characters across its duties, skills and KPIs (plus a summary)
  and the same facts in plain English, assembled from bilingual phrase banks (seeded: the same N
  always gives the same handbook);
- one leadership role (CEO) outside any department;
- org templates: the whole company (every department and role: the biggest chart), the
  management team, one channel's store team with a service rota, and a few cross-functional
  project squads;
- a few processes whose steps name roles from across the company;
- the repository's own glossary (real trade terms: they drive the tooltips and jieba words).

The generator never touches the repository itself.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

import yaml

from macros.cli.engine_files import copy_parts

REPO = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "playbook", "overrides")

# -- phrase banks: (zh, en) pairs that combine into grammatical sentences in both languages ----

# Qualifiers make department names unique: regions, channels, categories.
QUALIFIERS = [
    ("华东区", "East China", "east"),
    ("华南区", "South China", "south"),
    ("华北区", "North China", "north"),
    ("西南区", "Southwest China", "southwest"),
    ("华中区", "Central China", "central"),
    ("东北区", "Northeast China", "northeast"),
    ("天猫旗舰店", "Tmall Flagship Store", "tmall"),
    ("京东自营", "JD.com Direct", "jd"),
    ("抖音小店", "Douyin Shop", "douyin"),
    ("拼多多", "Pinduoduo", "pdd"),
    ("小红书", "Xiaohongshu", "xhs"),
    ("跨境", "Cross-border", "crossborder"),
    ("母婴品类", "Mother & Baby", "baby"),
    ("美妆品类", "Beauty", "beauty"),
    ("家居品类", "Home & Living", "home"),
    ("数码品类", "Consumer Electronics", "digital"),
    ("服饰品类", "Apparel", "apparel"),
    ("食品品类", "Food & Grocery", "food"),
    ("运动户外", "Sports & Outdoors", "sports"),
    ("宠物品类", "Pet Supplies", "pet"),
    ("会员中心", "Membership", "members"),
    ("私域", "Private Traffic", "private"),
]

# Lines of business: department name, head title, lead titles, member titles, own objects.
DOMAINS = [
    {
        "slug": "ops",
        "zh": "运营部",
        "en": "Operations",
        "head": ("运营经理", "Operations Manager", "ops-manager"),
        "leads": [
            ("店铺运营主管", "Store Operations Lead", "store-ops-lead"),
            ("活动运营主管", "Campaigns Lead", "campaigns-lead"),
            ("用户运营主管", "User Operations Lead", "user-ops-lead"),
        ],
        "members": [
            ("店铺运营专员", "Store Operations Specialist", "store-ops"),
            ("活动策划", "Campaign Planner", "campaign-planner"),
            ("商品上架专员", "Listings Specialist", "listings"),
            ("用户增长专员", "Growth Specialist", "growth"),
            ("内容运营", "Content Operator", "content-ops"),
            ("社群运营", "Community Operator", "community"),
            ("竞品分析专员", "Competitor Analyst", "competitor-analyst"),
            ("平台规则专员", "Platform Rules Specialist", "platform-rules"),
            ("大促项目专员", "Major Sales Coordinator", "major-sales"),
        ],
        "objects": [
            ("店铺首页和活动页的视觉与文案", "the visuals and copy of the store front and campaign pages"),
            (
                "新品的选品、定价与上架节奏",
                "product selection, pricing and the launch schedule for new items",
            ),
            (
                "大促期间的活动报名与资源位申请",
                "campaign sign-ups and featured-slot applications for major sales",
            ),
            ("平台规则变化与店铺违规风险", "changes in platform rules and the store's compliance risks"),
        ],
    },
    {
        "slug": "cs",
        "zh": "客服部",
        "en": "Customer Service",
        "head": ("客服经理", "Customer Service Manager", "cs-manager"),
        "leads": [
            ("售前客服主管", "Pre-sale Lead", "presales-lead"),
            ("售后客服主管", "After-sales Lead", "aftersales-lead"),
            ("客服质检主管", "Service Quality Lead", "qa-lead"),
        ],
        "members": [
            ("售前客服", "Pre-sale Agent", "presales-agent"),
            ("售后客服", "After-sales Agent", "aftersales-agent"),
            ("客服质检员", "Service Quality Inspector", "qa-inspector"),
            ("客服培训师", "Service Trainer", "trainer"),
            ("会员关怀专员", "Member Care Specialist", "member-care"),
            ("投诉处理专员", "Complaints Handler", "complaints"),
            ("夜班客服", "Night-shift Agent", "night-agent"),
            ("评价管理专员", "Reviews Specialist", "reviews"),
        ],
        "objects": [
            ("售前咨询的响应时长与话术", "response times and scripts for pre-sale enquiries"),
            ("退换货与售后纠纷的处理流程", "the process for returns, exchanges and after-sales disputes"),
            ("客户评价与差评回访", "customer reviews and follow-ups on negative ones"),
            ("早晚班的排班与交接", "the early and late shift rota and handovers"),
        ],
    },
    {
        "slug": "logistics",
        "zh": "仓储物流部",
        "en": "Warehousing & Logistics",
        "head": ("仓储物流经理", "Warehousing & Logistics Manager", "logistics-manager"),
        "leads": [
            ("仓库主管", "Warehouse Supervisor", "warehouse-lead"),
            ("配送主管", "Delivery Supervisor", "delivery-lead"),
        ],
        "members": [
            ("拣货员", "Picker", "picker"),
            ("打包员", "Packer", "packer"),
            ("收货员", "Receiving Clerk", "receiving"),
            ("库存管理员", "Stock Controller", "stock-controller"),
            ("物流跟单员", "Shipment Tracker", "shipment-tracker"),
            ("退货处理员", "Returns Clerk", "returns-clerk"),
            ("仓库数据员", "Warehouse Data Clerk", "warehouse-data"),
            ("叉车司机", "Forklift Driver", "forklift"),
        ],
        "objects": [
            ("仓库的入库、拣货与发货作业", "receiving, picking and dispatch in the warehouse"),
            ("库存周转与滞销商品清理", "stock turnover and the clearance of slow-moving items"),
            ("物流服务商的时效与费用", "carriers' delivery times and costs"),
            ("盘点差异与破损商品登记", "stock-count differences and the log of damaged goods"),
        ],
    },
    {
        "slug": "purchasing",
        "zh": "采购部",
        "en": "Purchasing",
        "head": ("采购经理", "Purchasing Manager", "purchasing-manager"),
        "leads": [
            ("采购主管", "Purchasing Lead", "purchasing-lead"),
            ("供应商管理主管", "Supplier Management Lead", "supplier-lead"),
        ],
        "members": [
            ("采购专员", "Buyer", "buyer"),
            ("跟单员", "Order Follow-up Clerk", "follow-up"),
            ("质检员", "Quality Inspector", "quality-inspector"),
            ("供应商开发专员", "Supplier Development Specialist", "supplier-dev"),
            ("成本核算员", "Cost Accountant", "costing"),
            ("样品管理员", "Sample Coordinator", "samples"),
        ],
        "objects": [
            ("供应商的报价、交期与质量评估", "supplier quotes, lead times and quality assessments"),
            ("采购计划与补货节奏", "the purchasing plan and replenishment schedule"),
            ("来货质检与不良品退回", "incoming quality checks and the return of defective goods"),
        ],
    },
    {
        "slug": "marketing",
        "zh": "市场营销部",
        "en": "Marketing",
        "head": ("市场营销经理", "Marketing Manager", "marketing-manager"),
        "leads": [
            ("广告投放主管", "Paid Media Lead", "paid-media-lead"),
            ("品牌推广主管", "Brand Lead", "brand-lead"),
        ],
        "members": [
            ("广告投放专员", "Paid Media Specialist", "paid-media"),
            ("搜索推广专员", "Search Ads Specialist", "search-ads"),
            ("达人合作专员", "Influencer Partnerships Specialist", "influencers"),
            ("品牌策划", "Brand Planner", "brand-planner"),
            ("公关专员", "PR Specialist", "pr"),
            ("文案策划", "Copywriter", "copywriter"),
            ("社交媒体运营", "Social Media Manager", "social"),
        ],
        "objects": [
            ("直通车与引力魔方的投放预算", "the ad budget on paid search and display placements"),
            ("达人合作与内容种草计划", "influencer partnerships and seeding content"),
            ("品牌调性与对外传播口径", "the brand's tone and external messaging"),
        ],
    },
    {
        "slug": "live",
        "zh": "内容直播部",
        "en": "Content & Livestreaming",
        "head": ("直播负责人", "Head of Livestreaming", "live-head"),
        "leads": [
            ("直播运营主管", "Livestream Operations Lead", "live-ops-lead"),
            ("短视频主管", "Short Video Lead", "video-lead"),
        ],
        "members": [
            ("主播", "Livestream Host", "host"),
            ("直播助理", "Livestream Assistant", "live-assistant"),
            ("场控", "Live Room Controller", "live-control"),
            ("短视频编导", "Short Video Director", "video-director"),
            ("剪辑师", "Video Editor", "video-editor"),
            ("摄影师", "Photographer", "photographer"),
            ("直播选品专员", "Livestream Merchandiser", "live-merch"),
        ],
        "objects": [
            ("直播间的排期、脚本与货品组合", "livestream schedules, scripts and product line-ups"),
            ("短视频的选题、拍摄与发布节奏", "topics, shooting and the publishing schedule for short videos"),
            ("直播间的流量承接与成交转化", "turning livestream traffic into orders"),
        ],
    },
    {
        "slug": "data",
        "zh": "数据部",
        "en": "Data",
        "head": ("数据经理", "Data Manager", "data-manager"),
        "leads": [("数据分析主管", "Analytics Lead", "analytics-lead")],
        "members": [
            ("数据分析师", "Data Analyst", "analyst"),
            ("数据工程师", "Data Engineer", "data-engineer"),
            ("报表专员", "Reporting Specialist", "reporting"),
            ("用户研究员", "User Researcher", "user-research"),
            ("算法工程师", "Algorithm Engineer", "algorithms"),
        ],
        "objects": [
            ("日报、周报与大促复盘数据", "daily and weekly reports and the data for post-sale reviews"),
            ("经营指标体系与数据口径", "the business metrics and how each figure is defined"),
            ("用户画像与分群标签", "customer profiles and segment tags"),
        ],
    },
    {
        "slug": "tech",
        "zh": "技术部",
        "en": "Technology",
        "head": ("技术经理", "Technology Manager", "tech-manager"),
        "leads": [("开发主管", "Development Lead", "dev-lead"), ("测试主管", "QA Lead", "test-lead")],
        "members": [
            ("前端工程师", "Front-end Engineer", "frontend"),
            ("后端工程师", "Back-end Engineer", "backend"),
            ("测试工程师", "QA Engineer", "tester"),
            ("运维工程师", "Operations Engineer", "sre"),
            ("产品经理", "Product Manager", "product-manager"),
            ("UI设计师", "UI Designer", "ui-designer"),
            ("信息安全工程师", "Security Engineer", "security"),
        ],
        "objects": [
            ("系统需求、迭代排期与上线验收", "system requirements, release planning and sign-off"),
            ("网站和APP的稳定性与访问速度", "the stability and speed of the website and app"),
            ("订单系统与第三方平台的接口", "the interfaces between the order system and the marketplaces"),
        ],
    },
    {
        "slug": "finance",
        "zh": "财务部",
        "en": "Finance",
        "head": ("财务经理", "Finance Manager", "finance-manager"),
        "leads": [("会计主管", "Accounting Lead", "accounting-lead")],
        "members": [
            ("会计", "Accountant", "accountant"),
            ("出纳", "Cashier", "cashier"),
            ("税务专员", "Tax Specialist", "tax"),
            ("结算专员", "Settlements Clerk", "settlements"),
            ("成本分析师", "Cost Analyst", "cost-analyst"),
        ],
        "objects": [
            ("订单、发票与对账流程", "orders, invoices and reconciliation"),
            ("平台结算款与保证金", "marketplace settlements and deposits"),
            ("各渠道的费用预算与利润核算", "cost budgets and profit accounting for each channel"),
        ],
    },
    {
        "slug": "design",
        "zh": "视觉设计部",
        "en": "Visual Design",
        "head": ("设计总监", "Design Director", "design-director"),
        "leads": [("视觉设计主管", "Visual Design Lead", "visual-lead")],
        "members": [
            ("美工", "Store Designer", "store-designer"),
            ("详情页设计师", "Product Page Designer", "detail-designer"),
            ("平面设计师", "Graphic Designer", "graphic-designer"),
            ("修图师", "Photo Retoucher", "retoucher"),
            ("包装设计师", "Packaging Designer", "packaging"),
        ],
        "objects": [
            ("商品详情页的卖点提炼", "the selling points on product detail pages"),
            ("主图、海报与店铺装修", "main images, posters and the store's decoration"),
            ("包装与赠品的视觉方案", "the look of packaging and free gifts"),
        ],
    },
    {
        "slug": "hr",
        "zh": "人力行政部",
        "en": "HR & Administration",
        "head": ("人力行政经理", "HR & Admin Manager", "hr-manager"),
        "leads": [("招聘主管", "Recruitment Lead", "recruitment-lead")],
        "members": [
            ("招聘专员", "Recruiter", "recruiter"),
            ("培训专员", "Training Specialist", "training"),
            ("薪酬绩效专员", "Pay & Performance Specialist", "comp"),
            ("行政专员", "Office Administrator", "admin"),
            ("员工关系专员", "Employee Relations Specialist", "employee-relations"),
        ],
        "objects": [
            ("团队成员的招聘、培训与排班", "hiring, training and scheduling for the team"),
            ("绩效考核与激励方案", "performance reviews and incentive schemes"),
            ("新员工的入职与转正", "onboarding and probation for new starters"),
        ],
    },
    {
        "slug": "crossborder",
        "zh": "跨境业务部",
        "en": "Cross-border Business",
        "head": ("跨境业务经理", "Cross-border Manager", "crossborder-manager"),
        "leads": [("海外运营主管", "Overseas Operations Lead", "overseas-lead")],
        "members": [
            ("亚马逊运营", "Amazon Operator", "amazon-ops"),
            ("独立站运营", "DTC Site Operator", "dtc-ops"),
            ("海外仓专员", "Overseas Warehouse Specialist", "overseas-warehouse"),
            ("报关专员", "Customs Specialist", "customs"),
            ("小语种客服", "Multilingual Agent", "multilingual-agent"),
        ],
        "objects": [
            (
                "跨境店铺的报关与海外仓备货",
                "customs declarations and overseas warehouse stock for the cross-border store",
            ),
            ("海外平台的广告与站内推广", "ads and on-site promotion on overseas marketplaces"),
            ("汇率与跨境物流成本", "exchange rates and cross-border shipping costs"),
        ],
    },
]

GENERAL_OBJECTS = [
    ("会员积分与复购激励方案", "the loyalty points scheme and repeat-purchase incentives"),
    ("部门月度目标与预算执行", "the department's monthly targets and spending against budget"),
    ("跨部门协作中的交接与排期", "handovers and scheduling between departments"),
    ("岗位操作手册与标准流程", "the desk manual and standard procedures for the post"),
    ("与平台小二和服务商的日常沟通", "day-to-day contact with marketplace staff and service providers"),
    ("新人带教与岗位培训", "coaching and training for new colleagues"),
    ("工作中发现的问题与改进建议", "problems found on the job and suggestions for fixing them"),
]

VERBS = [
    ("负责", "Own"),
    ("统筹", "Coordinate"),
    ("制定并执行", "Plan and run"),
    ("跟踪并优化", "Track and improve"),
    ("定期复盘", "Regularly review"),
    ("牵头推进", "Lead work on"),
    ("监控", "Monitor"),
    ("梳理并规范", "Map out and standardise"),
    ("维护", "Maintain"),
    ("每周汇总分析", "Do a weekly analysis of"),
    ("参与评审", "Take part in reviewing"),
]

PURPOSES = [
    ("确保大促期间各环节按时到位", "so that everything is in place on time for major sales"),
    ("提升店铺转化率和客单价", "to raise the store's conversion rate and average order value"),
    ("降低退货率与运营成本", "to bring down returns and operating costs"),
    ("让发现的问题在当天得到处理", "so that problems are dealt with the same day"),
    ("为管理层决策提供可靠依据", "to give management a reliable basis for decisions"),
    ("持续改善顾客的购物体验", "to keep improving the shopping experience"),
    ("保证数据口径前后一致", "so that figures are defined the same way every time"),
    ("并按月向部门负责人汇报进展", "and report progress to the head of department every month"),
    ("减少跨部门沟通中的遗漏", "to cut down on things falling between departments"),
    ("守住平台的服务考核指标", "to stay within the marketplace's service standards"),
    ("提高库存周转和资金使用效率", "to turn stock and cash over faster"),
    ("帮助店铺在同类商家中保持竞争力", "to keep the store competitive with similar sellers"),
]

SKILL_TOOLS = [
    ("Excel数据透视表与常用函数", "Excel pivot tables and common functions"),
    ("生意参谋等平台数据工具", "marketplace analytics tools such as Business Advisor"),
    ("SQL与BI报表工具", "SQL and BI reporting tools"),
    ("千牛工作台和客服质检系统", "the Qianniu workbench and service quality systems"),
    ("ERP和WMS仓储管理系统", "ERP and WMS warehouse systems"),
    ("Photoshop等图片处理软件", "Photoshop and other image editors"),
    ("飞书、钉钉等协同办公工具", "collaboration tools such as Feishu and DingTalk"),
]
SKILL_KNOWLEDGE = [
    ("淘宝、京东和拼多多的平台规则", "the rules of Taobao, JD.com and Pinduoduo"),
    ("电商大促的节奏与常见玩法", "how major e-commerce sales events run"),
    ("消费者权益保护相关法规", "consumer protection law"),
    ("供应链和库存管理的基本方法", "the basics of supply-chain and inventory management"),
    ("广告投放的出价策略与人群定向", "bidding strategies and audience targeting for ads"),
    ("直播电商的流量机制", "how traffic works in livestream commerce"),
    ("会员体系和私域运营的做法", "how membership schemes and private traffic are run"),
]
SKILL_ABILITIES = [
    (
        "较强的沟通协调能力，能推动跨部门合作",
        "strong communication skills and can drive work across departments",
    ),
    ("良好的数据敏感度和逻辑分析能力", "a good feel for numbers and clear analytical thinking"),
    (
        "在高压和多任务环境下稳定输出的能力",
        "the ability to keep delivering under pressure and with many tasks at once",
    ),
    ("认真细致的工作习惯和较强的责任心", "careful working habits and a strong sense of responsibility"),
    ("快速学习新平台和新工具的能力", "the ability to pick up new platforms and tools quickly"),
]
EXPERIENCE = [
    ("，有一年以上相关工作经验", ", with at least a year's relevant experience"),
    ("，有三年以上电商行业经验", ", with three or more years in e-commerce"),
    ("，有大促项目经验者优先", "; experience of major sales events is a plus"),
    ("", ""),
]

METRICS = [
    ("转化率", "Conversion rate"),
    ("客单价", "Average order value"),
    ("询单转化率", "Enquiry-to-order conversion rate"),
    ("平均响应时长", "Average response time"),
    ("退款率", "Refund rate"),
    ("库存周转天数", "Days of inventory"),
    ("发货及时率", "On-time dispatch rate"),
    ("投入产出比（ROI）", "Return on investment (ROI)"),
    ("动销率", "Sell-through rate"),
    ("好评率", "Share of positive reviews"),
    ("复购率", "Repeat purchase rate"),
    ("任务按期完成率", "Share of tasks finished on time"),
    ("差错率", "Error rate"),
    ("交易额（GMV）", "Gross merchandise value (GMV)"),
    ("直播间停留时长", "Average watch time in the live room"),
]
TARGETS = [
    ("，按月考核并与上月对比", ", reviewed monthly against the previous month"),
    ("，目标同比提升百分之十", ", target: up 10% year on year"),
    ("，不低于同类目平均水平", ", at or above the category average"),
    ("，大促期间单独考核", ", assessed separately during major sales"),
    ("，纳入季度绩效评分", ", counted in the quarterly performance score"),
]
SUMMARY_OPENERS = [
    ("在{dept}内", "Within {dept}, "),
    ("作为{dept}的一员，", "As part of {dept}, "),
    ("在{dept}的日常工作中，", "In the day-to-day work of {dept}, "),
]

VARIANTS = [("", "", ""), ("高级", "Senior ", "senior-"), ("助理", "Assistant ", "assistant-")]


class Gen:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def pick(self, seq):
        return self.rng.choice(seq)

    def duty(self, domain: dict) -> dict[str, str]:
        bank = domain["objects"] if self.rng.random() < 0.65 else GENERAL_OBJECTS
        (vz, ve), (oz, oe), (pz, pe) = self.pick(VERBS), self.pick(bank), self.pick(PURPOSES)
        sep_zh = "" if pz.startswith("并") else "，"
        return {"zh": f"{vz}{oz}{sep_zh}{pz}", "en": f"{ve} {oe} {pe}"}

    def skill(self) -> dict[str, str]:
        kind = self.rng.randrange(3)
        if kind == 0:
            (z, e), (xz, xe) = self.pick(SKILL_TOOLS), self.pick(EXPERIENCE)
            return {"zh": f"熟练使用{z}{xz}", "en": f"Skilled at using {e}{xe}"}
        if kind == 1:
            (z, e), (xz, xe) = self.pick(SKILL_KNOWLEDGE), self.pick(EXPERIENCE)
            return {"zh": f"熟悉{z}{xz}", "en": f"Knows {e}{xe}"}
        z, e = self.pick(SKILL_ABILITIES)
        return {"zh": f"具备{z}", "en": f"Has {e}"}

    def kpi(self) -> dict[str, str]:
        (mz, me), (tz, te) = self.pick(METRICS), self.pick(TARGETS)
        return {"zh": f"{mz}{tz}", "en": f"{me}{te}"}

    def distinct(self, make, count: int) -> list[dict[str, str]]:
        out, seen = [], set()
        for _ in range(count * 10):
            item = make()
            if item["zh"] not in seen:
                seen.add(item["zh"])
                out.append(item)
            if len(out) == count:
                break
        return out


def split_sizes(total: int, rng: random.Random) -> list[int]:
    """`total` roles into departments of 15–30 (fewer than 15 only if total itself is)."""
    count = max(1, round(total / 22.5))
    count = min(max(count, -(-total // 30)), max(1, total // 15))
    sizes = [total // count + (1 if i < total % count else 0) for i in range(count)]
    for _ in range(count * 4):
        i, j, delta = rng.randrange(count), rng.randrange(count), rng.randrange(1, 6)
        if i != j and sizes[i] - delta >= 15 and sizes[j] + delta <= 30:
            sizes[i] -= delta
            sizes[j] += delta
    return sizes


def make_role(g: Gen, ident, name, dept_id, dept_names, domain, kind="post") -> dict:
    oz, oe = g.pick(SUMMARY_OPENERS)
    (fz, fe) = g.pick(domain["objects"])
    (pz, pe) = g.pick(PURPOSES)
    sep_zh = "" if pz.startswith("并") else "，"
    summary = {
        "zh": oz.format(dept=dept_names[0]) + f"负责{fz}{sep_zh}{pz}。",
        "en": oe.format(dept=dept_names[1]) + f"looks after {fe} {pe}.",
    }
    role = {
        "id": ident,
        "name": {"zh": name[0], "en": name[1]},
        "aliases": [],
        "department": dept_id,
        "kind": kind,
        "summary": summary,
        "duties": g.distinct(lambda: g.duty(domain), 8),
        "skills": g.distinct(g.skill, 5),
        "kpis": g.distinct(g.kpi, 4),
        "notes": [],
    }
    if g.rng.random() < 0.25:
        role["notes"] = [
            {
                "zh": "该岗位在大促前一个月需要提前到岗参与备战。",
                "en": "This post joins the run-up to a major sale a month in advance.",
            }
        ]
    return role


def generate(n_roles: int, seed: int = 7) -> dict:
    """The data of a handbook with `n_roles` roles, as {relative path: YAML-ready value}."""
    if n_roles < 2:
        raise ValueError("need at least 2 roles (a CEO and one department)")
    g = Gen(seed * 100_003 + n_roles)
    sizes = split_sizes(n_roles - 1, g.rng)  # one role is the CEO, outside departments
    departments, roles_by_dept, structure = [], {}, {}
    combos = [(q, d) for q in QUALIFIERS for d in DOMAINS]
    g.rng.shuffle(combos)
    if len(sizes) > len(combos):
        raise ValueError(f"at most {len(combos) * 30} roles")
    for size, (qual, domain) in zip(sizes, combos, strict=False):
        qz, qe, qs = qual
        dept_id = f"{qs}-{domain['slug']}"
        dz, de = f"{qz}{domain['zh']}", f"{domain['en']} ({qe})"
        roles, reports = [], {}
        hz, he, hs = domain["head"]
        head_id = f"{dept_id}-{hs}"
        roles.append(make_role(g, head_id, (f"{qz}{hz}", f"{he}, {qe}"), dept_id, (dz, de), domain))
        reports[head_id] = dept_id
        n_leads = min(len(domain["leads"]), max(1, (size - 1) // 8))
        leads = []
        for lz, le, ls in domain["leads"][:n_leads]:
            if len(roles) >= size:
                break
            lead_id = f"{dept_id}-{ls}"
            roles.append(make_role(g, lead_id, (f"{qz}{lz}", f"{le}, {qe}"), dept_id, (dz, de), domain))
            reports[lead_id] = head_id
            leads.append(lead_id)
        members = [(vz + mz, ve + me, vs + ms) for vz, ve, vs in VARIANTS for mz, me, ms in domain["members"]]
        k = 0
        while len(roles) < size:
            mz, me, ms = members[k % len(members)]
            suffix = "" if k < len(members) else f"-{k // len(members) + 1}"
            zsuf = "" if k < len(members) else f"（{k // len(members) + 1}组）"
            esuf = "" if k < len(members) else f" (group {k // len(members) + 1})"
            ident = f"{dept_id}-{ms}{suffix}"
            kind = "team" if g.rng.random() < 0.2 else "post"
            roles.append(
                make_role(g, ident, (f"{qz}{mz}{zsuf}", f"{me}{esuf}, {qe}"), dept_id, (dz, de), domain, kind)
            )
            reports[ident] = leads[k % len(leads)] if leads else head_id
            k += 1
        dept_duties = [g.duty(domain) for _ in range(3)]
        departments.append(
            {
                "id": dept_id,
                "name": {"zh": dz, "en": de},
                "aliases": [],
                "summary": {
                    "zh": f"{qz}业务的{domain['zh'][:-1]}工作由本部门统一负责。",
                    "en": f"Runs {domain['en'].lower()} for the {qe} business.",
                },
                "head": head_id,
                "duties": dept_duties,
            }
        )
        roles_by_dept[dept_id] = roles
        structure[dept_id] = {
            "head": head_id,
            "leads": leads,
            "reports": reports,
            "domain": domain["slug"],
            "roles": [r["id"] for r in roles],
        }

    ceo = {
        "id": "ceo",
        "name": {"zh": "总经理", "en": "Chief Executive"},
        "aliases": [{"zh": "CEO", "en": "CEO"}],
        "kind": "post",
        "summary": {
            "zh": "对公司整体经营结果负责，确定战略方向并统筹各部门协作。",
            "en": "Answers for the results of the whole company, sets its direction and "
            "gets the departments working together.",
        },
        "duties": [g.duty(DOMAINS[0]) for _ in range(5)],
        "skills": [g.skill() for _ in range(3)],
        "kpis": [g.kpi() for _ in range(3)],
        "notes": [],
    }
    files: dict[str, object] = {"roles/leadership.yaml": {"roles": [ceo]}}
    for dept_id, roles in roles_by_dept.items():
        files[f"roles/{dept_id}.yaml"] = {"roles": roles}
    files["departments.yaml"] = {"departments": departments}

    # -- org templates ---------------------------------------------------------------------
    def tpl(ident, zh, en, sz, se, members, rota=None, notes=()):
        t = {
            "id": ident,
            "name": {"zh": zh, "en": en},
            "summary": {"zh": sz, "en": se},
            "notes": [dict(n) for n in notes],
            "principles": [],
            "members": members,
        }
        if rota:
            t["rota"] = rota
        files[f"templates/{ident}.yaml"] = t

    whole = [{"role": "ceo"}]
    for dept_id, s in structure.items():
        whole.append({"department": dept_id, "reports_to": "ceo"})
        for rid in s["roles"]:
            whole.append({"role": rid, "reports_to": s["reports"][rid]})
    tpl(
        "whole-company",
        "全公司组织架构",
        "The whole company",
        "公司全部部门与岗位的汇报关系：各部门向总经理汇报，部门内由负责人带领各组主管和组员。",
        "Who reports to whom across the whole company: every department reports to the chief "
        "executive, and inside each department the head leads the team leads and their members.",
        whole,
    )
    tpl(
        "management-team",
        "管理层",
        "Management team",
        "总经理和各部门负责人组成的管理班子，每周开一次经营例会。",
        "The chief executive and the heads of department, who meet weekly to run the business.",
        [{"role": "ceo"}] + [{"role": s["head"], "reports_to": "ceo"} for s in structure.values()],
    )
    cs_dept = next((d for d, s in structure.items() if s["domain"] == "cs"), None)
    rota = None
    if cs_dept:
        rota = {
            "department": cs_dept,
            "opens": "08:30",
            "closes": "24:00",
            "shifts": [
                {"name": {"zh": "早班", "en": "Early shift"}, "starts": "08:30", "ends": "17:00"},
                {"name": {"zh": "晚班", "en": "Late shift"}, "starts": "15:30", "ends": "24:00"},
            ],
        }
    first_qual = next(iter(structure)).split("-")[0]
    store = [{"role": "ceo"}]
    store_depts = [d for d in structure if d.startswith(first_qual + "-")][:3]
    if cs_dept and cs_dept not in store_depts:
        store_depts.append(cs_dept)
    for d in store_depts:
        s = structure[d]
        store.append({"role": s["head"], "reports_to": "ceo"})
        for rid in s["roles"]:
            if rid != s["head"]:
                store.append({"role": rid, "reports_to": s["reports"][rid]})
    tpl(
        "store-team",
        "单店铺运营团队",
        "A single store's team",
        "一家店铺从运营、客服到仓储的完整班子，客服按早晚两班轮值。",
        "The full team behind one store, from operations and service to the warehouse; "
        "customer service works an early and a late shift.",
        store,
        rota,
    )
    all_roles = [rid for s in structure.values() for rid in s["roles"]]
    squads = []
    for i in range(3):
        picked = g.rng.sample(all_roles, min(8, len(all_roles)))
        members = [{"role": picked[0]}] + [{"role": r, "reports_to": picked[0]} for r in picked[1:]]
        ident = f"project-squad-{i + 1}"
        tpl(
            ident,
            f"项目小组{i + 1}",
            f"Project squad {i + 1}",
            "为一个重点项目从各部门抽调人员组成的临时小组，项目结束后解散。",
            "A temporary squad drawn from several departments for one key project, disbanded "
            "when the project ends.",
            members,
        )
        squads.append(picked)

    # -- processes -------------------------------------------------------------------------
    heads = [s["head"] for s in structure.values()]
    step_names = [
        ("立项与目标", "Kick-off and goals", "kickoff"),
        ("方案策划", "Planning", "planning"),
        ("资源协调", "Lining up resources", "resources"),
        ("执行落地", "Execution", "execution"),
        ("过程监控", "Monitoring", "monitoring"),
        ("复盘总结", "Review", "review"),
    ]
    procs = [
        ("major-sale", "大促备战流程", "Getting ready for a major sale", "whole-company", heads),
        (
            "new-product-launch",
            "新品上市流程",
            "Launching a new product",
            "store-team",
            [m["role"] for m in store],
        ),
        ("squad-delivery", "项目小组交付流程", "How a project squad delivers", "project-squad-1", squads[0]),
    ]
    for pid, zh, en, template, pool in procs:
        steps = []
        for sz, se, ss in step_names:
            actors = g.rng.sample(pool, min(4, len(pool)))
            steps.append(
                {
                    "id": ss,
                    "name": {"zh": sz, "en": se},
                    "summary": {
                        "zh": f"{sz}阶段要明确分工、时间节点和交付物。",
                        "en": f"{se}: agree who does what, by when, and what is handed over.",
                    },
                    "actions": [{"role": r, "text": g.duty(DOMAINS[0])} for r in actors],
                    "substeps": [
                        {
                            "name": {"zh": f"{sz}检查", "en": f"{se} check"},
                            "text": {
                                "zh": "由相关负责人逐项确认并留档。",
                                "en": "The owners confirm each item and keep a record.",
                            },
                            "roles": g.rng.sample(pool, min(3, len(pool))),
                        }
                    ],
                }
            )
        files[f"processes/{pid}.yaml"] = {
            "id": pid,
            "name": {"zh": zh, "en": en},
            "summary": {"zh": f"{zh}的分工与节奏。", "en": f"{en}: who does what, and when."},
            "template": template,
            "notes": [],
            "steps": steps,
        }
    return files


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    def ignore_aliases(self, data):  # our loader refuses anchors and aliases
        return True


def write_project(
    n_roles: int, dest: Path, seed: int = 7, check: bool = True, source: Path = REPO
) -> dict | None:
    """Write a buildable project of `n_roles` roles to `dest`, with mkdocs.yml, playbook/,
    overrides/ and the glossary copied from `source` (this repository's work tree by default);
    with `check`, load it with our own loader (which raises if it is not valid) and return a few
    facts about it."""
    dest, source = Path(dest), Path(source)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    copy_parts(source, dest, PROJECT_PARTS)
    data = dest / "data"
    for rel, value in generate(n_roles, seed).items():
        path = data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8"
        )
    shutil.copy2(source / "data" / "glossary.yaml", data / "glossary.yaml")
    return describe(dest) if check else None


def describe(project: Path, hb=None) -> dict:
    """Counts of the generated handbook (loads it with our own loader: proves it is valid)."""
    if hb is None:
        sys.path.insert(0, str(REPO))
        from macros.model.loader import load_handbook

        hb = load_handbook(project / "data")
    chars = [sum(len(t.zh) for t in [*r.duties, *r.skills, *r.kpis]) for r in hb.roles.values()]
    en_words = [sum(len(t.en.split()) for t in [*r.duties, *r.skills, *r.kpis]) for r in hb.roles.values()]
    sizes = [len(hb.roles_in(d)) for d in hb.departments]
    return {
        "roles": len(hb.roles),
        "departments": len(hb.departments),
        "roles_per_department": [min(sizes), max(sizes)],
        "templates": len(hb.templates),
        "processes": len(hb.processes),
        "terms": len(hb.terms),
        "zh_chars_per_role_duties_skills_kpis": round(sum(chars) / len(chars)),
        "en_words_per_role_duties_skills_kpis": round(sum(en_words) / len(en_words)),
        "data_bytes": sum(f.stat().st_size for f in (project / "data").rglob("*.yaml")),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("roles", type=int, help="number of roles (including the CEO)")
    ap.add_argument("dest", type=Path, help="project folder to create (replaced if it exists)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    if args.dest.resolve() == REPO or REPO in args.dest.resolve().parents:
        ap.error("write the generated project outside the repository")
    print(write_project(args.roles, args.dest, args.seed))


if __name__ == "__main__":
    main()
