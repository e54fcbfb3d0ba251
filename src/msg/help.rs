//! The command line's help in Japanese: each command's description, each argument's help and
//! each choice's meaning, by the command's path (`"rota show"`; `""` for `toban` itself).
//!
//! The English help is the doc comments clap reads from `src/cli`; this is the Japanese side of
//! the same texts, applied by [`crate::cli::localize`] when the reader's language is Japanese.
//! Its test walks every command and argument: a new command or flag without its Japanese text
//! fails the build's tests rather than showing an English line to the office.

/// The Japanese description of the command at `path`.
pub fn about(path: &str) -> Option<&'static str> {
    Some(match path {
        "" => "医師会の在宅医療24時間支援：当番表の作成、依頼の連絡、カレンダー配信",
        "demo" => {
            "同梱の医師会（rules/）で、専用の新しい記録を使って一通りの仕事を数秒で行います。来年の当番表を作成・公開し、当番表と公平さを示し、カレンダー配信と当番表のページを書き出し、架空の患者さんを登録して、夜間の依頼を1件コンソールで再現します（主治医は不在、当番医は応答なし、後方支援病院が引き受け）。最後に、続けて使うコマンドを示します"
        }
        "init" => {
            "新しい医師会の規則フォルダ（association.toml、members.toml）を、いくつかの質問（または下のオプション）と、必要なら会員名簿の CSV（列: 区分/role、氏名/name、医療機関/clinic、入会日/joined、退会日/left、電話/phone など）から、説明のコメント付きで作ります。フォルダは新しいか空である必要があります。書き込む前に `toban check` と同じ検査をします"
        }
        "check" => "rules/ と calendars/ を検査し、医師会の概要と計画年の当番枠を示します",
        "holidays" => "その年の祝日を示します（法律の祝日に、calendars/ の追加と取消を加えたもの）",
        "slots" => "計画年の当番枠（通常の週と、年末年始などの休日期間の枠）を示します",
        "plan" => "計画年の当番表を公平に作成し、下書きとして保存します",
        "rota" => "当番表の表示・公開・比較",
        "rota show" => {
            "計画年の当番表を公平さの数値とともに示します。YEAR（下書きがあれば下書き、なければ公開中の当番表）、YEAR:published または YEAR:draft。固定した枠には印が付きます"
        }
        "rota page" => {
            "計画年の当番表を、印刷用の1ページ（HTML、A4横、日本語、患者情報なし）に書き出します。医師ごとに色分けした月ごとの表、祝日の印、公平さのグラフ。`serve` も同じページを /rota/<配信トークン> で示します"
        }
        "rota publish" => "下書きの当番表を公開します。会員に知らせ、累計に数えます",
        "rota diff" => {
            "2つの当番表で担当医の違う枠を示します: YEAR（最新の版）、YEAR:draft または YEAR:published"
        }
        "rota draft" => {
            "計画年の下書き: `toban rota draft discard YEAR` で破棄します（公開中の当番表はそのまま）"
        }
        "rota draft discard" => {
            "計画年の下書きを破棄します。公開中の当番表と会員に見えている内容は変わりません"
        }
        "rota freeze" => "枠を固定します。作り直しても、その枠の担当医は変わりません",
        "rota unfreeze" => "枠の固定を外します",
        "members" => "事務局の名簿からの会員の登録",
        "members import" => {
            "Excel ブック（.xlsx）または CSV（UTF-8（BOM の有無を問いません）、または日本語版 Windows の Excel が保存する Shift-JIS）から医師を追加・更新します。1行目は見出しで、ID/id と 氏名/name は必須、医療機関/clinic、勤務割合/fte、電話/phone、入会日/joined、退会日/left も読みます（README 参照）。規則にある ID の行はその医師を更新し、新しい ID の行は医師を追加します。members.toml のコメントは残ります。誤りのある行はすべて示し、そのときは何も書き込みません。書き込む前に `toban check` と同じ検査をします。監査記録に残ります"
        }
        "members add" => {
            "医師、後方支援病院、訪問看護ステーション、休日期間を規則ファイルに追加します（コメントは残ります。書き込む前に `toban check` と同じ検査をします。監査記録に残ります）。事務局の画面の「会員」ページと同じ処理です"
        }
        "members add doctor" => "当番医",
        "members add hospital" => "後方支援病院（当番医の次に `--order` の順で連絡します）",
        "members add station" => "訪問看護ステーション",
        "members add period" => "それだけで1つの当番枠になる休日期間（例: お盆 08-13〜08-16）",
        "history" => "紙や Excel の過去の当番歴（年をまたいだ公平さのため）",
        "history import" => {
            "過去の当番を Excel ブック（.xlsx）または CSV（UTF-8（BOM の有無を問いません）または Shift-JIS）から取り込みます。見出しは `slot_start,doctor,kind`（または 開始日,医師,種類。順不同）で、1行に1つの当番: 当番の日（YYYY-MM-DD または YYYY/M/D）、医師の ID または氏名（完全一致）、当番の種類（regular・通常、または休日期間の ID か名前: new_year・年末年始 など）。先にすべての行を確かめ、誤りが1行でもあれば何も書き込まず、誤りのある行をすべて示します。取込みには番号が付き、監査記録に残ります"
        }
        "history list" => "取り込んだ当番を、枠と医師の順に取込み番号とともに示します",
        "history remove" => {
            "取り込んだ当番を削除します。指定した条件（1つ以上）にすべて当てはまるものが対象です。例: `--date 2026-01-06 --doctor d05`、取込み1回分なら `--batch 3`。監査記録に残ります"
        }
        "ledger" => "医師ごと・当番の種類ごとの回数と、全年度を通じた過不足",
        "report" => {
            "計画年の医師会の年次実績: 登録患者、依頼の結果別件数（主治医、当番医、病院、119番の助言）、当番医の往診、引き受けまでの時間（中央値と90パーセンタイル）、医師ごとの当番と過不足、年をまたいだ休日当番の順番。数値のみで、患者さんの情報は含みません"
        }
        "backup" => {
            "記録全体のバックアップを書き出します。版付きの JSON ファイル1つで、`serve` の稼働中でも整合しています（その場合は serve の中で取ります）。既定: 規則の [backup] dir に新しいファイル"
        }
        "restore" => {
            "バックアップを新しいか空の記録フォルダに復元します（toban は既存の記録を上書きしません）。TOBAN_STORE で PostgreSQL を指定している場合は、その医師会の記録がまだないデータベースに復元します。終える前にすべての記録を読み直して確かめます"
        }
        "migrate" => {
            "記録フォルダの sled の記録を PostgreSQL に移します（issue 21）。すべての記録を1つのトランザクションで、その医師会の記録がまだないデータベースに書き込み、そのあと1件ずつ読み直して照合します（記録の種類ごとの件数と SHA-256）。sled の記録は元のまま残ります。先に `serve` を止めてください"
        }
        "doctor" => {
            "自己点検: 規則、記録、バックアップ、カレンダー配信、ボット、時計、この先の週に当番がいるか。対応が必要なことがあれば終了コード 1 で終わります"
        }
        "cycle" => {
            "稼働中の `serve` でエンジンを1回まわし、終わるまで待ちます（期限の来た処理をすべて行い、送るべき通知をすべて送信に回します）。テストとスクリプト用"
        }
        "simulate" => {
            "何年分もの当番表を続けてメモリ上で作成し、当番の偏りを示します（何も保存しません）"
        }
        "request" => {
            "チャットで出された交換・代行のご依頼: 一覧、医師に代わっての取下げ、医師どうしで合意したものの承認または却下（規則の `[swap] admin_approval`）"
        }
        "request list" => "未完了のご依頼（同僚の返事待ち、順番待ち、事務局の承認待ち）",
        "request withdraw" => {
            "N番のご依頼を、出した医師に代わって取り下げます（依頼していた同僚にも知らせます）"
        }
        "request approve" => {
            "医師どうしで合意した N番のご依頼を承認します。当番表が変わり、お二人に知らせます"
        }
        "request reject" => "N番のご依頼を却下します。当番は変わらず、お二人に知らせます",
        "absence" => "医師の不在（当番表を作るとき、その日は当番にしません）",
        "absence add" => "医師が FROM から TO まで（両日を含む）不在であることを記録します",
        "absence list" => "不在の一覧",
        "absence remove" => "不在を番号で削除します",
        "patient" => "同意を得た在宅患者さんの登録（最小限の記録）",
        "patient add" => {
            "同意を得た患者さんを登録します。コマンドラインに書いた患者情報は、このコンピュータの他の利用者にも `ps` で見えます。--from-file FILE（標準入力なら -）で、下の項目を書いた TOML ファイル（name = \"…\"、address = \"…\"、attending = \"d01\"、consent = 2026-04-01 など）を使ってください。オプションを併せて指定すると、ファイルの値より優先します"
        }
        "patient edit" => "患者さんの記録を変更します。指定した項目だけが変わります",
        "patient remove" => {
            "患者さんの記録を登録から削除します（二重登録や誤登録のとき）。削除した患者さんは年次実績に数えません。死亡、転居、同意の撤回は `toban patient course` で記録してください"
        }
        "patient course" => {
            "患者さんの経過を日付とともに記録します（監査記録に残ります）: admitted（入院）、discharged（退院）、died_home（在宅看取り）、died_hospital（病院で死亡）、moved（転居）、withdrawn（同意の撤回）。死亡・転居・撤回で登録は終わり、その患者さんの依頼は受け付けなくなります。記録は年次実績のため残ります"
        }
        "patient sheet" => {
            "ご家庭に渡す患者さんの「夜間・休日の連絡先」を書き出します。医師会の言語で A4 1ページ: かかりつけ医療機関、当番の連絡先の電話番号（`[association] phone`、なければ訪問看護ステーション）、訪問看護ステーション、登録された後方支援病院、電話するときに伝えること。単独で開ける HTML で、患者さんの名前を含むため、あなただけが読めるファイルとして書きます。監査記録に残ります"
        }
        "patient list" => "登録されている患者さんの一覧",
        "patient show" => "患者さん1人の記録を示します",
        "hospital" => "後方支援病院: 病院ごとの登録患者一覧（3か月ごとの情報交換用）と空床状況",
        "hospital patients" => {
            "後方支援病院が HOSPITAL である登録患者の一覧（3か月ごとの情報交換用）: 番号、氏名、生年月日、地区、かかりつけ医療機関、診断名、訪問看護ステーション、同意と経過（住所、薬、家族の連絡先は含みません）。監査記録に残ります"
        }
        "hospital beds" => {
            "各病院の空床状況（病院の方がチャットの /beds で設定したもの）を示すか、病院の状況を設定します: `toban hospital beds h1 full`（open、consult、full、または空床数）"
        }
        "board" => {
            "新しい在宅患者さんを受け入れられる医療機関の一覧（各医師がチャットの /board で自分の分を設定します）"
        }
        "call" => "患者さんについての依頼: 依頼、応答、報告、確認",
        "call raise" => {
            "登録患者さんについて依頼を出します。主治医、当番医、後方支援病院の順に、誰かが引き受けるまで連絡します"
        }
        "call accept" => "あなたに来た依頼を引き受けます",
        "call decline" => "依頼をお断りします。依頼はすぐに次へ進みます",
        "call acknowledge" => {
            "引き受けた依頼への追加の連絡を確認します（確認がなければ、あなたの段階の時間が過ぎると次へ進みます）。次へ進んだ後なら、引き受け直します"
        }
        "call cancel" => "依頼を取り下げます（依頼した方または事務局）",
        "call report" => {
            "対応後の報告と結果を記録します。報告は主治医、依頼した方、当番医に届き、依頼は完了します"
        }
        "call list" => "依頼の一覧（新しい順）",
        "call show" => "依頼1件: 連絡の順番、今の状況、経過",
        "oncall" => "ある時点の当番医と、その後の連絡の順番",
        "invite" => {
            "会員の Telegram または LINE のアカウントを toban につなぐ、1回限りのリンクを作ります（期限付き）"
        }
        "swap" => {
            "公開中の当番表で2人の医師の当番を交換します。SLOT_A の DOCTOR_A の当番を DOCTOR_B に、SLOT_B の DOCTOR_B の当番を DOCTOR_A に。先にすべての必須の規則で確かめます"
        }
        "cover" => "SLOT の DOCTOR の当番を OTHER が代行します。先にすべての必須の規則で確かめます",
        "actual" => {
            "始まった、または終わった当番で実際に起きたことを記録します（急に別の医師が担当したなど）。公開中の当番表と累計に反映し、理由とともに監査記録に残します。これからの当番は、規則で確かめる `swap` か `cover` で変更します"
        }
        "audit" => {
            "監査記録のすべて（当番表、交換・代行、不在、患者、連携、トークン）: 誰が、いつ、何を、誰に代わって"
        }
        "links" => {
            "つながっているチャットのアカウント: 誰の、どのチャットか、いつからか、今も届くか（会員がボットをブロックしたり、チャットが無くなったりすると、つながりは切れています）"
        }
        "unlink" => {
            "会員のチャットのアカウントのつながりを切ります（以後そこには送りません）。--chat で1台だけ（`toban links` 参照）。その会員のカレンダー配信トークンも無効になります"
        }
        "admin" => "事務局の画面のアカウント（`toban serve` の /admin で開きます）",
        "admin add" => {
            "規則の `[[admin]]` に事務局の画面のアカウントを作り、パスワードを決める1回限りの設定用リンク（24時間有効）を示します。既にアカウントがあれば新しいリンクを示します（新しいパスワードを設定すると、古いリンクとパスワードは使えなくなります）"
        }
        "admin list" => "事務局の画面のアカウントの一覧（パスワードやリンクは示しません）",
        "admin remove" => {
            "事務局の画面のアカウントを削除します。ログイン中の画面もすぐに使えなくなります"
        }
        "serve" => {
            "エンジンを動かします: 連絡の時間管理とすべての通知の送信。Telegram のトークン（TELOXIDE_TOKEN）がなければ、通知はここに表示します（コンソール通知）。カレンダー配信と当番医 API を HTTP で提供します。稼働中は、日々のコマンド（plan、rota publish、absence、patient、call、oncall、invite、links、unlink、admin、web、feed、swap、cover、actual、audit、rota show、rota page、ledger、report、backup、doctor）は serve に渡して行います"
        }
        "web" => {
            "医師本人のページ（/me）、または事務局の方の事務局の画面への、1回限りのログイン用リンク: チャットを使わない方に印刷やメールで渡すため（ボットでは /web、/admin で送ります）"
        }
        "web link" => {
            "医師（/me の本人のページへ）または事務局の方（事務局の画面へ）の、1回限りのログイン用リンクを示します。--hours の間に1回だけ使えます。保存するのはハッシュだけです"
        }
        "feed" => "公開中の当番表のカレンダー配信: トークンと、取り込んで使う方のためのファイル",
        "feed token" => "配信トークン（1つでカレンダーの URL 1つと当番医 API が使えます）",
        "feed token issue" => {
            "医師のカレンダー配信のトークンを発行します。--all なら当番表全体。表示は1回だけです"
        }
        "feed token list" => "トークンの一覧（トークンそのものは示しません）",
        "feed token revoke" => "トークンを無効にします。その URL はすぐに使えなくなります",
        "feed export" => "医師ごとの .ics ファイルと all.ics をフォルダに書き出します",
        "help" => "このヘルプ、または指定したコマンドのヘルプを表示します",
        _ => return None,
    })
}

/// The Japanese help of the argument `id` of the command at `path`.
pub fn arg(path: &str, id: &str) -> Option<&'static str> {
    if let Some(text) = arg_of(path, id) {
        return Some(text);
    }
    // The arguments that read the same in every command.
    Some(match id {
        "rules" => "医師会の規則（*.toml）のフォルダ",
        "calendars" => "祝日の追加・取消（*.ics）のフォルダ。既定のフォルダがなければ使いません",
        "data" => {
            "記録（当番表、当番歴、不在、患者、依頼）のフォルダ。初めて必要になったときに作ります"
        }
        "lang" => "toban の表示とエラーの言語（既定: 規則の `language`。規則が読めなければ日本語）",
        "format" => "出力形式",
        "help" => "ヘルプを表示します（--help でより詳しく）",
        "version" => "バージョンを表示します",
        "call" => "依頼の番号",
        "who" => "あなたの会員ID",
        "by" => {
            "変更する人: 会員ID、または \"admin\"（事務局。監査記録にはログイン名か TOBAN_ADMIN が残ります）"
        }
        "on_behalf" => "誰に代わって行うか（本人が操作できないとき: 病気、事故など）",
        "dry_run" => "変わる内容を示すだけで、何も書き込みません",
        "sheet" => "ブックのシート（既定: 最初のシート）",
        "name" => "名前",
        "rota_id" => "どの当番表か: 規則の `[[rota]]` の ID（既定の main は医師会の当番表）",
        _ => return None,
    })
}

/// The arguments whose help depends on the command.
fn arg_of(path: &str, id: &str) -> Option<&'static str> {
    Some(match (path, id) {
        ("demo", "dir") => {
            "デモの記録、配信、ページを置く場所（新しいフォルダ。既定: システムの一時フォルダの下に新しく作ります）"
        }
        ("init", "dir") => "新しい規則フォルダ",
        ("init", "members") => {
            "会員名簿: 見出し行のある CSV ファイル（Excel では「CSV UTF-8」で保存）"
        }
        ("init", "name") => "医師会の名前",
        ("init", "id") => "医師会の短い ID（英数字）",
        ("init", "language") => "会員へのメッセージとファイルのコメントの言語: ja または en",
        ("init", "fiscal_year") => "当番表の年を4月から3月まで（年度）とします",
        ("init", "doctors_per_slot") => "同時に当番をする医師の人数",
        ("init", "handover_weekday") => "交代の曜日（mon … sun、または 月 … 日）",
        ("init", "handover_time") => "交代の時刻（例: 09:00）",
        ("init", "obon") => "お盆（8月13日〜16日）も休日当番とします",
        ("init", "yes") => "何も尋ねず、オプションで指定しなかった項目は既定値にします",
        ("check", "year") => "当番枠を示す計画年（既定: 今の計画年の次の年）",
        ("holidays", "year") => "暦年（2000〜2099）",
        ("slots", "year") => "計画年（初日の属する暦年）、2001〜2097",
        ("plan", "year") => "計画年（2001〜2097）",
        ("plan", "time_limit") => "ソルバーを1回呼ぶごとの制限時間（秒）",
        ("plan", "solver") => {
            "MILP ソルバー: microlp（内蔵）または highs（`--features highs` でビルドしたときのみ）"
        }
        ("plan", "replan_from") => {
            "この日（YYYY-MM-DD）から既存の当番表を作り直します。この日より前に始まる枠と固定した枠は担当医がそのままで、残りはできるだけ変えずに作ります。結果は公開中の当番表と並ぶ下書きで、`toban rota publish` まで公開されません"
        }
        ("patient add", "rota") => {
            "この患者さんの依頼を受ける当番表: 規則の `[[rota]]` の ID（既定の main は医師会の当番表）"
        }
        ("patient edit", "rota") => {
            "この患者さんの依頼を受ける当番表（空または main: 医師会の当番表）"
        }
        ("rota show", "rota") => "YEAR、YEAR:published または YEAR:draft",
        ("rota show", "out") => {
            "標準出力ではなく、このファイルに書き込みます（あなただけが読めるファイル。xlsx では必須）"
        }
        ("rota page", "out") => "書き出す HTML ファイル",
        ("rota diff", "a") => "古い方の当番表",
        ("rota diff", "b") => "新しい方の当番表",
        ("rota freeze", "slots") => "枠の ID（`toban rota show` に出るもの）",
        ("rota unfreeze", "slots") => "枠の ID",
        ("members import", "file") => ".xlsx または .csv ファイル",
        ("members add doctor", "id") => "新しい ID（a-z、0-9、_ と -）、例: d13",
        ("members add doctor", "clinic") => "医療機関",
        ("members add doctor", "fte") => "通常の負担に対する割合。0 より大きく 1 以下（既定 1）",
        ("members add doctor", "phone") => "折り返しの電話番号",
        ("members add doctor", "joined") => "会員となった最初の日（YYYY-MM-DD）",
        ("members add doctor", "left") => "会員である最後の日（YYYY-MM-DD）",
        ("members add hospital", "id") => "新しい ID、例: h4",
        ("members add hospital", "phone") => "当直窓口の電話番号",
        ("members add hospital", "order") => "連絡の順番（1 が最初）",
        ("members add station", "id") => "新しい ID、例: ns2",
        ("members add station", "phone") => "電話番号",
        ("members add period", "id") => "新しい ID、例: obon（JSON と当番歴ファイルでの枠の種類）",
        ("members add period", "start") => "最初の日（MM-DD）",
        ("members add period", "end") => "最後の日（MM-DD）",
        ("members add period", "weight") => "その枠の負担点数（既定: 休日枠の点数）",
        ("members add period", "extend") => "翌日が祝日である限り、期間を延ばします",
        ("history import", "file") => ".xlsx または .csv ファイル",
        ("history list", "year") => "この計画年だけ",
        ("history remove", "batch") => "取込み番号（`toban history list` 参照）",
        ("history remove", "date") => "枠の日（YYYY-MM-DD または YYYY/M/D）",
        ("history remove", "doctor") => "医師の ID または氏名（完全一致）",
        ("history remove", "year") => "計画年",
        ("history remove", "dry_run") => "削除される当番を示すだけで、何も削除しません",
        (_, "year") => "計画年",
        ("report", "out") => {
            "標準出力ではなく、このファイルに書き込みます（あなただけが読めるファイル）"
        }
        ("backup", "out") => "書き込むファイル",
        ("migrate", "to") => {
            "移行先のデータベース: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE?association=ID（ID は規則の医師会の id。既定: TOBAN_STORE）"
        }
        ("restore", "file") => {
            "バックアップファイル（`toban backup` または `serve` の自動バックアップ）"
        }
        ("simulate", "years") => "何年分か",
        ("simulate", "from") => "最初の計画年（既定: 次の計画年）",
        ("simulate", "baseline") => {
            "比較のため、一般的な当番ツールの順番通り（ラウンドロビン）で作ります"
        }
        ("request list", "all") => "完了したものも含め、すべてのご依頼",
        ("request withdraw", "id") => "ご依頼の番号（`toban request list`）",
        ("request approve" | "request reject", "id") => "ご依頼の番号",
        ("request approve", "admin") => "承認する事務局の方（既定: 規則の最初の admin）",
        ("request reject", "admin") => "却下する事務局の方（既定: 規則の最初の admin）",
        ("absence add", "doctor") => "医師の ID",
        ("absence add", "from") => "不在の最初の日（YYYY-MM-DD）",
        ("absence add", "to") => "不在の最後の日（YYYY-MM-DD）",
        ("absence add", "note") => "事務局へのメモ",
        ("absence add", "soft") => {
            "希望だけ（「できれば避けたい」）: 当番表を作るとき、できる限りその日を避けます"
        }
        ("absence remove", "id") => "`toban absence list` に出る番号",
        ("patient add" | "patient edit", "name") => "氏名",
        ("patient add" | "patient edit", "address") => "自宅の住所",
        ("patient add", "area") => "地区（依頼を引き受ける前に示します。住所は引き受けた後だけ）",
        ("patient edit", "area") => "地区（\"\" で削除）",
        ("patient add" | "patient edit", "attending") => "主治医の ID",
        ("patient add", "hospital") => "登録する後方支援病院の ID（病院の中で最初に連絡します）",
        ("patient edit", "hospital") => "登録する後方支援病院の ID（\"\" で削除）",
        ("patient add" | "patient edit", "diagnosis") => "主な診断名",
        ("patient add" | "patient edit", "medications") => "主な薬",
        ("patient add", "wishes") => "書面にある本人の意思（例: DNAR、ACP）",
        ("patient edit", "wishes") => "書面にある本人の意思",
        ("patient add", "consent") => "本人またはご家族が同意した日（YYYY-MM-DD）",
        ("patient edit", "consent") => "同意の日（YYYY-MM-DD）",
        ("patient add", "nurse_station") => {
            "患者さんを担当する訪問看護ステーション（ID）。生年月日、キーパーソン、家族の連絡先、アレルギーはファイルからだけ読みます（born、key_person、family_contact、allergies）。オプションでは指定できません"
        }
        ("patient edit", "nurse_station") => {
            "訪問看護ステーションの ID（\"\" で削除）。生年月日、キーパーソン、家族の連絡先、アレルギーはファイルでだけ変更できます"
        }
        ("patient add", "substitute") => {
            "代理主治医: 主治医が不在と記録されている間、当番医より先に連絡します"
        }
        ("patient edit", "substitute") => "代理主治医の ID（\"\" で削除）",
        ("patient add", "from_file") => "この TOML ファイルから項目を読みます（標準入力なら -）",
        ("patient edit", "from_file") => {
            "変更する項目をこの TOML ファイルから読みます（標準入力なら -）"
        }
        ("patient add" | "patient edit", "from_text") => {
            "クライアントが読んだファイルの内容（`serve` にはこの形で渡します）"
        }
        ("patient remove", "reason") => "理由。監査記録に残ります（例: \"二重登録\"）",
        ("patient course", "event") => {
            "起きたこと: admitted（入院）、discharged（退院）、died_home（在宅看取り）、died_hospital（病院で死亡）、moved（転居）、withdrawn（同意の撤回）"
        }
        ("patient course", "date") => "起きた日（YYYY-MM-DD）。今日以前",
        ("patient sheet", "out") => "書き出す HTML ファイル",
        (p, "id") if p.starts_with("patient") => "患者さんの番号",
        ("hospital patients", "hospital") => "病院の ID（`toban check` 参照）",
        ("hospital patients", "format") => {
            "text は画面用、csv は Excel 用（BOM 付き）、html は印刷用の A4 1ページ"
        }
        ("hospital patients", "out") => {
            "標準出力ではなく、このファイルに書き込みます（あなただけが読めるファイル）"
        }
        ("hospital beds", "hospital") => "状況を設定する病院",
        ("hospital beds", "status") => {
            "状況: open、consult、full、空床あり、要相談、満床、または空床数（0 は満床）"
        }
        ("call raise", "patient") => "患者さんの番号（`toban patient list` 参照）",
        ("call raise", "from") => "依頼する方: 会員ID（訪問看護ステーション、病院、医師、事務局）",
        ("call raise", "note") => "必要なことを短く",
        ("call raise", "kind") => {
            "依頼の種類: urgent（緊急。既定）、death（看取り: 死亡確認。主治医、当番医、その後は事務局へ。119番の助言はしません）、advice（電話相談）。指定がなければ、メモの最初の語（看取り、相談 など）で決まります（チャットと同じ）"
        }
        ("call acknowledge" | "call report", "who") => "あなたの会員ID（引き受けた方）",
        ("call report", "outcome") => {
            "結果: visit（往診した）、phone（電話で助言）、admitted（入院）、other（その他）。往診した、電話で助言、入院、その他 とも書けます"
        }
        ("call report", "text") => "起きたこと",
        ("call list", "open") => "待っているか対応中の依頼だけ",
        ("oncall", "at") => "時点（RFC 3339、例: 2027-03-02T22:00:00+09:00。既定: 今）",
        ("invite", "member") => "会員ID（医師、病院、訪問看護ステーション、事務局）",
        ("invite", "hours") => "リンクの有効時間（時間）",
        ("swap", "slot_a") => "1つ目の当番の枠 ID",
        ("swap", "doctor_a") => "その枠の当番医",
        ("swap", "slot_b") => "2つ目の当番の枠 ID",
        ("swap", "doctor_b") => "その枠の当番医",
        ("cover", "slot") => "枠 ID",
        ("cover", "doctor") => "その枠の当番医",
        ("cover", "other") => "代わりに担当する医師",
        ("cover", "from") => {
            "この日から（YYYY-MM-DD、医師会の時間帯で交代の時刻から）: 一部の代行。既定: 当番の初日"
        }
        ("cover", "to") => "この日まで（この日を含み、翌朝の交代の時刻まで）。既定: 当番の最終日",
        ("cover", "by") => "変更する人（既定: admin）",
        ("actual", "slot") => "枠 ID（`toban rota show` に出るもの）",
        ("actual", "was") => "当番表に載っている医師",
        ("actual", "is") => "実際に当番をした医師",
        ("actual", "reason") => "理由（監査記録に残ります）",
        ("audit", "since") => "この日（YYYY-MM-DD）から",
        ("links", "member") => "この会員だけ",
        ("unlink", "member") => "会員ID",
        ("unlink", "chat") => "このチャット（1台）だけ。`toban links` に出るもの",
        ("admin add", "member") => "事務局の方の会員ID（規則の `[[admin]]`）",
        ("admin remove", "member") => "事務局の方の会員ID",
        ("serve", "listen") => "HTTP サーバーのアドレス（カレンダー配信、当番医 API、稼働確認）",
        ("web link", "member") => "会員ID（現在の医師、または `[[admin]]`）",
        ("web link", "hours") => "リンクが使える時間（1〜336 時間）",
        ("feed token issue", "member") => "医師の ID",
        ("feed token issue", "all") => "当番表全体（事務局や電話システム用など）",
        ("feed token issue", "label") => "`toban feed token list` で見分けるための名前",
        ("feed token revoke", "id") => "`toban feed token list` に出る番号",
        ("feed export", "out") => "書き出すフォルダ（なければ作ります）",
        ("help", "subcommand") => "ヘルプを見るコマンド",
        (_, "name") => "名前",
        (_, "name_en") => "英語表記（ローマ字。英語で読む人にはこの名前を表示します）",
        _ => return None,
    })
}

/// The Japanese meaning of the choice `value` of an argument of the command at `path`.
pub fn value(path: &str, value: &str) -> Option<&'static str> {
    Some(match (path, value) {
        (_, "table") => "表（人が読む形）",
        ("rota show" | "report", "json") => "JSON（スクリプト用）",
        (_, "json") => "JSON（スクリプト用。形式は変わりません。DESIGN.md §6 参照）",
        ("rota show", "csv") => "CSV（表計算用。ファイルに書くときは Excel のため BOM 付き）",
        (_, "csv") => "BOM 付きの CSV（Excel で日本語が読めます）",
        ("rota show", "xlsx") => "Excel ブック（--out が必要）",
        (_, "xlsx") => "Excel ブック。表ごとに1シート（--out が必要）",
        ("report", "html") => "印刷用の HTML 1ページ（A4、日本語の見出し）",
        (_, "html") => "印刷用の A4 1ページ",
        (_, "text") => "タブ区切りのテキスト",
        (_, "ja") => "日本語",
        (_, "en") => "英語",
        _ => return None,
    })
}

/// Headings and the lines toban adds to clap's help and errors.
pub mod words {
    /// The usage line's heading.
    pub const USAGE: &str = "使い方:";
    /// The heading of the subcommand list.
    pub const COMMANDS: &str = "コマンド";
    /// The heading of positional arguments.
    pub const ARGUMENTS: &str = "引数";
    /// The heading of options.
    pub const OPTIONS: &str = "オプション";
    /// The first line of the top help's footer.
    pub const START: &str =
        "まず `toban check` で rules/ を検査し、来年の当番枠を確かめてください。";
}
