/**
 * A seeded generator of realistic Vietnamese ward articles, for the benchmark and the performance tests.
 *
 *   node --import tsx scripts/generate-corpus.ts --count 10000 --out .cache/bench/corpus-10000 [--seed 5]
 *
 * Writes a bantin site: `site.config.yaml` (8 categories, 20 articles per index page) and
 * `content/<category-slug>/<slug>.md`, each article ~3 KB of Markdown with headings, lists, links and bold text.
 * The same count and seed always give the same bytes. Internal links point only to pages that exist
 * (category indexes and earlier articles), so the site builds without errors in bantin, Eleventy and Hugo.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { slugify } from '../src/vi/slugify.ts';

/** The categories of a generated corpus, in navigation order. */
export const CORPUS_CATEGORIES = [
  'Công tác đảng',
  'Tin tức - Sự kiện',
  'Văn hóa - Xã hội',
  'Thông báo',
  'Cải cách hành chính',
  'Kinh tế - Đô thị',
  'Quốc phòng - An ninh',
  'Mặt trận - Đoàn thể',
].map((name) => ({ name, slug: slugify(name) }));

/** Articles per category index page in a generated corpus. */
export const CORPUS_PER_PAGE = 20;

/** A generated article: where it goes and its bytes. */
export interface CorpusArticle {
  /** Root-relative path, e.g. "content/thong-bao/lich-tiep-cong-dan-thang-3-2021-412.md". */
  path: string;
  /** The category slug. */
  category: string;
  /** The file name without ".md" (the URL slug). */
  slug: string;
  markdown: string;
}

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same sequence on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS: Record<string, string[]> = {
  'cong-tac-dang': [
    'Hội nghị sơ kết công tác xây dựng Đảng',
    'Quán triệt, học tập Nghị quyết của Đảng bộ',
    'Trao Huy hiệu Đảng cho đảng viên lão thành',
    'Kết nạp đảng viên mới tại chi bộ',
    'Kiểm điểm, đánh giá chất lượng tổ chức cơ sở đảng',
    'Sinh hoạt chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh',
  ],
  'tin-tuc-su-kien': [
    'Hội nghị tiếp xúc cử tri',
    'Kỳ họp Hội đồng nhân dân phường',
    'Đoàn công tác của quận kiểm tra',
    'Ra quân tổng vệ sinh môi trường',
    'Lễ khánh thành nhà văn hóa tổ dân phố',
    'Tổng kết phong trào thi đua yêu nước',
  ],
  'van-hoa-xa-hoi': [
    'Trao quà cho gia đình chính sách',
    'Khai giảng lớp học tiếng Anh miễn phí cho thiếu nhi',
    'Tiêm chủng mở rộng cho trẻ em',
    'Hội thi văn nghệ quần chúng',
    'Ngày hội đại đoàn kết toàn dân tộc',
    'Giải bóng đá thiếu niên nhi đồng',
  ],
  'thong-bao': [
    'Lịch tiếp công dân',
    'Thông báo tạm ngừng cấp điện',
    'Thông báo khám sức khỏe nghĩa vụ quân sự',
    'Thông báo thu phí vệ sinh môi trường',
    'Thông báo phun thuốc phòng chống sốt xuất huyết',
    'Thông báo lịch trực Tết',
  ],
  'cai-cach-hanh-chinh': [
    'Hướng dẫn nộp hồ sơ dịch vụ công trực tuyến',
    'Kết quả giải quyết thủ tục hành chính',
    'Hỗ trợ người dân kích hoạt tài khoản định danh điện tử',
    'Niêm yết công khai thủ tục hành chính mới',
    'Khảo sát mức độ hài lòng của người dân',
    'Số hóa hồ sơ hộ tịch',
  ],
  'kinh-te-do-thi': [
    'Ra quân lập lại trật tự vỉa hè',
    'Kiểm tra an toàn thực phẩm tại chợ dân sinh',
    'Cải tạo tuyến đường ngõ xóm',
    'Xử lý vi phạm trật tự xây dựng',
    'Thu ngân sách trên địa bàn',
    'Hỗ trợ hộ kinh doanh chuyển đổi số',
  ],
  'quoc-phong-an-ninh': [
    'Lễ giao nhận quân',
    'Diễn tập phương án phòng cháy chữa cháy',
    'Tuyên truyền phòng chống lừa đảo qua mạng',
    'Huấn luyện lực lượng dân quân tự vệ',
    'Tổng kết mô hình tổ an ninh tự quản',
    'Ra mắt tổ bảo vệ an ninh, trật tự ở cơ sở',
  ],
  'mat-tran-doan-the': [
    'Hội Liên hiệp Phụ nữ phường ra mắt câu lạc bộ',
    'Đoàn Thanh niên tổ chức chiến dịch tình nguyện',
    'Hội Cựu chiến binh gặp mặt truyền thống',
    'Mặt trận Tổ quốc vận động ủng hộ Quỹ Vì người nghèo',
    'Hội Người cao tuổi mừng thọ hội viên',
    'Hội Chữ thập đỏ hiến máu tình nguyện',
  ],
};

const PLACES = ['tổ dân phố số 3', 'tổ dân phố số 7', 'tổ dân phố số 12', 'khu tập thể Cự Khối', 'trụ sở UBND phường', 'nhà văn hóa khu dân cư Thạch Cầu', 'trường Tiểu học Cự Khối', 'chợ Cự Khối', 'đường Thạch Bàn', 'ngõ 42 Cự Khối'];
const PEOPLE = [
  ['Nguyễn Văn Hùng', 'Bí thư Đảng ủy phường'],
  ['Trần Thị Thu Hà', 'Chủ tịch UBND phường'],
  ['Lê Minh Đức', 'Phó Chủ tịch UBND phường'],
  ['Phạm Thị Lan', 'Chủ tịch Ủy ban MTTQ phường'],
  ['Hoàng Minh Tuấn', 'Trưởng Công an phường'],
  ['Đỗ Quang Vinh', 'Chỉ huy trưởng Ban Chỉ huy quân sự phường'],
  ['Vũ Thị Ngọc Ánh', 'Bí thư Đoàn Thanh niên phường'],
  ['Bùi Đức Thắng', 'Tổ trưởng tổ dân phố'],
];
const REPORTERS = ['Thu Trang', 'Minh Khôi', 'Ngọc Diệp', 'Văn Long', 'Hải Yến', 'Quốc Bảo'];
const OPENINGS = [
  'Thực hiện kế hoạch công tác năm {year} của Đảng ủy, UBND phường, sáng ngày {day}/{month}/{year}, tại {place}, {role} đã chủ trì {topic}.',
  'Chiều ngày {day}/{month}/{year}, UBND phường phối hợp với Ủy ban Mặt trận Tổ quốc phường tổ chức {topic} tại {place}.',
  'Nhằm nâng cao hiệu quả công tác tuyên truyền, vận động nhân dân, ngày {day}/{month}/{year}, phường đã tổ chức {topic} với sự tham gia của đông đảo cán bộ, đảng viên và nhân dân.',
];
const SENTENCES = [
  'Hội nghị đã nghe báo cáo kết quả thực hiện nhiệm vụ, chỉ ra những **tồn tại, hạn chế** và đề ra giải pháp khắc phục trong thời gian tới.',
  'Các đại biểu tập trung thảo luận, đóng góp nhiều ý kiến **tâm huyết, trách nhiệm** về công tác quản lý trật tự đô thị và vệ sinh môi trường.',
  'Phát biểu chỉ đạo, đồng chí {person} đề nghị các chi bộ, tổ dân phố tiếp tục phát huy vai trò nêu gương của cán bộ, đảng viên.',
  'Qua đó góp phần củng cố niềm tin của nhân dân đối với cấp ủy, chính quyền địa phương và xây dựng khối đại đoàn kết toàn dân tộc.',
  'Đến nay, **{percent}%** hộ gia đình trên địa bàn đã đăng ký tham gia, vượt chỉ tiêu quận giao.',
  'Người dân có thể liên hệ bộ phận một cửa UBND phường trong giờ hành chính để được hướng dẫn cụ thể.',
  'Ban tổ chức đã trao **{count} suất quà**, mỗi suất trị giá {money} đồng, cho các gia đình có hoàn cảnh khó khăn.',
  'Kết thúc chương trình, các tổ dân phố đăng ký thi đua và cam kết thực hiện tốt các nội dung đã đề ra.',
  'Công tác chuẩn bị được tiến hành chu đáo, bảo đảm an toàn, tiết kiệm và đúng quy định.',
  'UBND phường đề nghị nhân dân chủ động theo dõi thông tin trên Cổng thông tin điện tử và loa truyền thanh của phường.',
];
const HEADINGS = ['Kết quả nổi bật', 'Nhiệm vụ trọng tâm thời gian tới', 'Một số lưu ý', 'Thành phần tham dự', 'Nội dung chính', 'Ý kiến của nhân dân', 'Tổ chức thực hiện'];
const ITEMS = [
  'Tăng cường công tác tuyên truyền, phổ biến pháp luật đến từng hộ gia đình;',
  'Rà soát, cập nhật danh sách hộ nghèo, hộ cận nghèo và gia đình chính sách;',
  'Duy trì **giao ban định kỳ** giữa các tổ dân phố và bộ phận chuyên môn;',
  'Thực hiện nghiêm quy định về phòng cháy, chữa cháy tại khu dân cư;',
  'Đẩy mạnh chuyển đổi số, khuyến khích người dân sử dụng dịch vụ công trực tuyến;',
  'Giữ gìn vệ sinh môi trường, phân loại rác thải tại nguồn;',
  'Phối hợp với Công an phường bảo đảm an ninh, trật tự trên địa bàn;',
  'Biểu dương, khen thưởng kịp thời các tập thể, cá nhân có thành tích xuất sắc.',
];
const EXTERNAL = [
  ['Cổng Dịch vụ công quốc gia', 'https://dichvucong.gov.vn/'],
  ['Cổng thông tin điện tử quận Long Biên', 'https://longbien.hanoi.gov.vn/'],
  ['Báo Hànộimới', 'https://hanoimoi.vn/'],
  ['Cổng thông tin điện tử Chính phủ', 'https://chinhphu.vn/'],
];

/** Generates `count` articles with `seed` (pure; the same arguments give the same articles). */
export function generateArticles(count: number, seed = 5): CorpusArticle[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const articles: CorpusArticle[] = [];
  // Ten years of bulletins, oldest first, ending well before any real "now".
  const start = Date.UTC(2015, 0, 1);
  const span = Date.UTC(2025, 0, 1) - start;
  for (let i = 0; i < count; i++) {
    const category = CORPUS_CATEGORIES[i % CORPUS_CATEGORIES.length]!;
    const instant = new Date(start + Math.floor((span * (i + random() * 0.9)) / Math.max(count, 1)));
    // Wall time in Vietnam (UTC+7), written with its offset so every generator reads it the same way.
    const local = new Date(instant.getTime() + 7 * 3600_000);
    const year = local.getUTCFullYear();
    const month = local.getUTCMonth() + 1;
    const day = local.getUTCDate();
    const pad = (n: number): string => String(n).padStart(2, '0');
    const date = `${year}-${pad(month)}-${pad(day)}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:00+07:00`;
    const topic = pick(TOPICS[category.slug]!);
    const place = pick(PLACES);
    const title = `${topic} ${pick(['tại', 'ở'])} ${place} ${pick(['quý I', 'quý II', 'quý III', 'quý IV', 'tháng ' + month])} năm ${year}`;
    const slug = `${slugify(title)}-${i + 1}`;
    const [person, role] = pick(PEOPLE) as [string, string];
    const fill = (text: string): string =>
      text
        .replaceAll('{year}', String(year))
        .replaceAll('{month}', String(month))
        .replaceAll('{day}', String(day))
        .replaceAll('{place}', place)
        .replaceAll('{role}', `đồng chí ${person}, ${role}`)
        .replaceAll('{person}', person)
        .replaceAll('{topic}', topic.charAt(0).toLowerCase() + topic.slice(1))
        .replaceAll('{percent}', String(int(60, 99)))
        .replaceAll('{count}', String(int(20, 300)))
        .replaceAll('{money}', new Intl.NumberFormat('vi-VN').format(int(3, 20) * 100_000));
    const paragraph = (n: number): string => Array.from({ length: n }, () => fill(pick(SENTENCES))).join(' ');
    const list = (ordered: boolean): string =>
      Array.from({ length: int(3, 5) }, (_, k) => `${ordered ? `${k + 1}.` : '-'} ${pick(ITEMS)}`).join('\n');
    const earlier = articles.length > CORPUS_CATEGORIES.length ? articles[int(0, articles.length - 1)]! : undefined;
    const internal = earlier
      ? `Xem thêm bài [${pick(['tin liên quan', 'bài viết trước', 'thông tin chi tiết'])}](/${earlier.category}/${earlier.slug}/) và các tin khác trong chuyên mục [${category.name}](/${category.slug}/).`
      : `Xem các tin khác trong chuyên mục [${category.name}](/${category.slug}/).`;
    const [externalName, externalUrl] = pick(EXTERNAL) as [string, string];
    const frontMatter = [
      '---',
      `title: "${title}"`,
      `date: ${date}`,
      `category: ${category.name}`,
      ...(random() < 0.5
        ? [`author: ${pick(REPORTERS)}`]
        : ['authors:', `  - name: ${person}`, `    role: ${role}`, `  - name: ${pick(REPORTERS)}`]),
      ...(random() < 0.4 ? [`summary: "${fill(pick(SENTENCES)).replaceAll('**', '').replaceAll('"', '')}"`] : []),
      ...(random() < 0.6 ? ['tags:', `  - ${pick(HEADINGS)}`, `  - ${topic.split(' ').slice(0, 3).join(' ')}`] : []),
      `views: ${int(0, 5000)}`,
      '---',
    ];
    const body = [
      fill(pick(OPENINGS)) + ' ' + paragraph(1),
      `## ${pick(HEADINGS)}`,
      paragraph(3),
      list(false),
      paragraph(2),
      `## ${pick(HEADINGS)}`,
      list(true),
      paragraph(2),
      `### ${pick(HEADINGS)}`,
      paragraph(2) + ` Thông tin chi tiết được đăng tải trên [${externalName}](${externalUrl}).`,
      internal,
      `**${pick(REPORTERS)}** - Ban biên tập Cổng thông tin điện tử phường`,
    ];
    articles.push({
      path: `content/${category.slug}/${slug}.md`,
      category: category.slug,
      slug,
      markdown: `${frontMatter.join('\n')}\n\n${body.join('\n\n')}\n`,
    });
  }
  return articles;
}

/** The `site.config.yaml` of a generated corpus. */
export function corpusConfig(): string {
  return [
    'title: Cổng thông tin điện tử phường Cự Khối',
    'description: Bản tin điện tử của Đảng ủy, Ủy ban nhân dân phường Cự Khối, quận Long Biên, thành phố Hà Nội.',
    'baseUrl: https://cukhoi.longbien.hanoi.gov.vn/',
    `perPage: ${CORPUS_PER_PAGE}`,
    'categories:',
    ...CORPUS_CATEGORIES.map((c) => `  - name: ${c.name}`),
    '',
  ].join('\n');
}

/** Writes a corpus of `count` articles as a bantin site in `dir` (emptied first). Returns the articles. */
export async function writeCorpus(dir: string, count: number, seed = 5): Promise<CorpusArticle[]> {
  await rm(dir, { recursive: true, force: true });
  const articles = generateArticles(count, seed);
  for (const c of CORPUS_CATEGORIES) await mkdir(path.join(dir, 'content', c.slug), { recursive: true });
  await writeFile(path.join(dir, 'site.config.yaml'), corpusConfig());
  const queue = [...articles];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let a = queue.pop(); a; a = queue.pop()) await writeFile(path.join(dir, a.path), a.markdown);
    }),
  );
  return articles;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '1000' }, out: { type: 'string' }, seed: { type: 'string', default: '5' } } });
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 0) throw new Error('--count must be a whole number');
  const out = path.resolve(values.out ?? `.cache/bench/corpus-${count}`);
  const articles = await writeCorpus(out, count, Number(values.seed));
  const bytes = articles.reduce((sum, a) => sum + Buffer.byteLength(a.markdown), 0);
  process.stdout.write(`Wrote ${articles.length} articles (${(bytes / articles.length / 1024).toFixed(1)} KB each on average) into ${out}\n`);
}
