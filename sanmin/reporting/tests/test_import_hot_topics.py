"""Importing the 12345 hotline's hot topics: all or nothing, errors row by row."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanmin.audit.models import Outcome
from sanmin.reporting.models import HotTopic
from sanmin.reporting.tests.conftest import audit_actions, staff_client, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["部门", "排序", "热点问题", "说明", "诉求量"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(office, campaign, content: bytes, name: str = "hot.xlsx", client=None):
    return (client or staff_client(office)).post(
        reverse("reporting:manage-hot-topics-import"),
        {"campaign": campaign.pk, "file": SimpleUploadedFile(name, content, XLSX)},
    )


@pytest.fixture
def existing(participant, other_participant) -> list[HotTopic]:
    return [
        HotTopic.objects.create(participant=participant, rank=1, title="旧问题甲"),
        HotTopic.objects.create(
            participant=other_participant, rank=1, title="旧问题乙"
        ),
    ]


def _titles(participant) -> list[str]:
    return list(participant.hot_topics.order_by("rank").values_list("title", flat=True))


def _refused(response, existing, *messages: str) -> None:
    assert response.status_code == 400
    assert "所有数据均未导入" in response.text
    for message in messages:
        assert message in response.text, message
    assert sorted(HotTopic.objects.values_list("title", flat=True)) == sorted(
        topic.title for topic in existing
    )
    [event] = audit_actions("hot_topics.import")
    assert event.outcome == Outcome.FAILURE


def test_it_replaces_the_topics_of_the_departments_in_the_file(
    office_staff, campaign, participant, other_participant, existing
) -> None:
    name = participant.department.name
    content = xlsx_bytes(
        [
            HEADER,
            [name, 2, "园区用地审批", "企业反映审批慢", 88],
            [name, 1, "项目申报政策咨询", None, "1,024"],
        ]
    )
    client = staff_client(office_staff)
    response = _upload(office_staff, campaign, content, client=client)
    assert response.status_code == 302
    assert _titles(participant) == ["项目申报政策咨询", "园区用地审批"]
    assert participant.hot_topics.get(rank=1).calls == 1024
    assert participant.hot_topics.get(rank=2).detail == "企业反映审批慢"
    # A department not in the file keeps its topics.
    assert _titles(other_participant) == ["旧问题乙"]
    [event] = audit_actions("hot_topics.import")
    assert event.outcome == Outcome.SUCCESS
    assert event.detail["topics"] == 2
    assert event.detail["replaced"] == 1
    page = client.get(response["Location"])
    assert "已导入 2 条热点问题，涉及 1 个部门" in page.text
    assert "园区用地审批" in page.text


def test_it_imports_a_csv_in_utf8_or_gbk(office_staff, campaign, participant) -> None:
    name = participant.department.name
    text = f"部门,排序,热点问题,说明,诉求量\n{name},1,停车难,,12\n"
    for encoding in ("utf-8-sig", "gb18030"):
        response = _upload(
            office_staff, campaign, text.encode(encoding), name="hot.csv"
        )
        assert response.status_code == 302, encoding
        assert _titles(participant) == ["停车难"]


def test_it_refuses_an_unknown_department(
    office_staff, campaign, participant, existing
) -> None:
    content = xlsx_bytes(
        [
            HEADER,
            [participant.department.name, 1, "新问题", "", 3],
            ["市不存在局", 1, "某问题", "", 5],
        ]
    )
    _refused(
        _upload(office_staff, campaign, content),
        existing,
        "第3行“部门”：“市不存在局”不是本次活动的述职部门",
    )


def test_it_refuses_a_missing_title(
    office_staff, campaign, participant, existing
) -> None:
    content = xlsx_bytes(
        [
            HEADER,
            [participant.department.name, 1, "新问题", "", 3],
            [participant.department.name, 2, "  ", "", 3],
        ]
    )
    _refused(
        _upload(office_staff, campaign, content),
        existing,
        "第3行“热点问题”：不能为空",
    )


def test_it_refuses_a_duplicate_rank(
    office_staff, campaign, participant, existing
) -> None:
    name = participant.department.name
    content = xlsx_bytes(
        [HEADER, [name, 1, "问题一", "", 3], [name, 1, "问题二", "", 4]]
    )
    _refused(
        _upload(office_staff, campaign, content),
        existing,
        f"第3行“排序”：{name}的排序 1 与第2行重复",
    )


def test_it_refuses_a_non_number(office_staff, campaign, participant, existing) -> None:
    name = participant.department.name
    content = xlsx_bytes(
        [
            HEADER,
            [name, "第一", "问题一", "", 3],
            [name, 2, "问题二", "", "很多"],
            [name, 3.5, "问题三", "", 1],
            [name, 4, "问题四", "", -2],
        ]
    )
    _refused(
        _upload(office_staff, campaign, content),
        existing,
        "第2行“排序”：“第一”不是整数",
        "第3行“诉求量”：“很多”不是整数",
        "第4行“排序”：“3.5”不是整数",
        "第5行“诉求量”：应不小于 0（现为 -2）",
    )


def test_it_refuses_a_formula_where_a_value_belongs(
    office_staff, campaign, participant, existing
) -> None:
    name = participant.department.name
    content = xlsx_bytes(
        [HEADER, [name, 1, "问题一", "", "=SUM(1,2)"], [name, "=1+1", "问题二", "", 3]]
    )
    _refused(
        _upload(office_staff, campaign, content),
        existing,
        "第2行“诉求量”：是公式",
        "第3行“排序”：是公式",
    )


def test_it_refuses_a_formula_in_a_csv(
    office_staff, campaign, participant, existing
) -> None:
    text = f'部门,排序,热点问题\n{participant.department.name},1,"=HYPERLINK(""x"")"\n'
    _refused(
        _upload(office_staff, campaign, text.encode(), name="hot.csv"),
        existing,
        "第2行“热点问题”：是公式",
    )


def test_it_refuses_wrong_headers(office_staff, campaign, existing) -> None:
    content = xlsx_bytes([["单位", "顺序", "问题"], ["市教育局", 1, "学位"]])
    _refused(
        _upload(office_staff, campaign, content),
        existing,
        "第1行：表头缺少“部门”“排序”“热点问题”列",
    )


def test_it_refuses_a_file_too_big(office_staff, campaign, existing, settings) -> None:
    settings.UPLOAD_MAX_SHEET_MB = 1
    content = xlsx_bytes([HEADER]) + b"\x00" * (1024 * 1024)
    _refused(
        _upload(office_staff, campaign, content),
        existing,
        "文件过大",
        "不得超过 1 MB",
    )


def test_it_refuses_a_file_that_is_not_a_real_xlsx(
    office_staff, campaign, existing
) -> None:
    _refused(
        _upload(office_staff, campaign, b"%PDF-1.4 not a workbook"),
        existing,
        "不是有效的 Excel（.xlsx）文件",
    )


def test_it_refuses_a_zip_that_is_not_a_workbook(
    office_staff, campaign, existing
) -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    _refused(
        _upload(office_staff, campaign, buffer.getvalue()),
        existing,
        "不是有效的 Excel（.xlsx）文件",
    )


def test_it_refuses_another_extension(office_staff, campaign, existing) -> None:
    _refused(
        _upload(office_staff, campaign, xlsx_bytes([HEADER]), name="hot.xls"),
        existing,
        "只能导入 Excel（.xlsx）或 CSV（.csv）文件",
    )


def test_it_refuses_a_file_without_rows(office_staff, campaign, existing) -> None:
    _refused(
        _upload(office_staff, campaign, xlsx_bytes([HEADER])),
        existing,
        "文件中没有数据行",
    )


def test_it_lists_every_error_not_just_the_first(
    office_staff, campaign, participant, existing
) -> None:
    name = participant.department.name
    content = xlsx_bytes(
        [
            HEADER,
            [name, 1, "好的一行", "", 1],
            ["市不存在局", 1, "x", "", 1],
            [name, None, "", "", "=A1"],
        ]
    )
    response = _upload(office_staff, campaign, content)
    _refused(
        response,
        existing,
        "第3行“部门”",
        "第4行“排序”：不能为空",
        "第4行“热点问题”：不能为空",
        "第4行“诉求量”：是公式",
    )
    assert "文件有 4 处错误" in response.text


def test_it_refuses_a_missing_file_in_chinese(office_staff, campaign) -> None:
    response = staff_client(office_staff).post(
        reverse("reporting:manage-hot-topics-import"), {"campaign": campaign.pk}
    )
    assert response.status_code == 400
    assert "请选择要导入的文件" in response.text


def test_it_offers_a_template_that_imports_once_filled(
    office_staff, campaign, participant
) -> None:
    client = staff_client(office_staff)
    response = client.get(reverse("reporting:manage-hot-topics-template"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADER
    assert book.sheetnames[1] == "填写说明"
    sheet.append([participant.department.name, 1, "模板导入的问题", "", 9])
    buffer = io.BytesIO()
    book.save(buffer)
    assert _upload(office_staff, campaign, buffer.getvalue()).status_code == 302
    assert _titles(participant) == ["模板导入的问题"]

    csv_template = client.get(
        reverse("reporting:manage-hot-topics-template") + "?format=csv"
    )
    assert csv_template.content.decode("utf-8-sig").strip() == ",".join(HEADER)


def test_it_refuses_the_import_to_other_roles(
    department_staff, campaign, participant
) -> None:
    content = xlsx_bytes([HEADER, [participant.department.name, 1, "x", "", 1]])
    assert _upload(department_staff, campaign, content).status_code == 403
    assert not HotTopic.objects.exists()
