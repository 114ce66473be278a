namespace Deepthought.Twin.Emojivoto;

/// <summary>One emoji of the poll: its shortcode, the character, and the voting rpc that counts it.</summary>
public sealed record EmojiEntry(string Shortcode, string Unicode, string VoteMethod);

/// <summary>
/// The hundred emojis emojivoto v11 offers, in the order of the VotingService rpcs. The shortcode of each rpc is
/// spelled out (not derived) because upstream is irregular: VotePointUp2 is :point_up_2: but VoteCat2 is :cat2:.
/// </summary>
public static class EmojiCatalog
{
    /// <summary>The emoji whose vote always fails in v11 (VoteDoughnut returns an error).</summary>
    public const string Doughnut = ":doughnut:";

    public static IReadOnlyList<EmojiEntry> All { get; } =
    [
        E("Poop", ":poop:", "💩"), E("Joy", ":joy:", "😂"), E("Sunglasses", ":sunglasses:", "😎"),
        E("Relaxed", ":relaxed:", "☺️"), E("StuckOutTongueWinkingEye", ":stuck_out_tongue_winking_eye:", "😜"),
        E("MoneyMouthFace", ":money_mouth_face:", "🤑"), E("Flushed", ":flushed:", "😳"), E("Mask", ":mask:", "😷"),
        E("NerdFace", ":nerd_face:", "🤓"), E("Ghost", ":ghost:", "👻"), E("SkullAndCrossbones", ":skull_and_crossbones:", "☠️"),
        E("HeartEyesCat", ":heart_eyes_cat:", "😻"), E("HearNoEvil", ":hear_no_evil:", "🙉"), E("SeeNoEvil", ":see_no_evil:", "🙈"),
        E("SpeakNoEvil", ":speak_no_evil:", "🙊"), E("Boy", ":boy:", "👦"), E("Girl", ":girl:", "👧"), E("Man", ":man:", "👨"),
        E("Woman", ":woman:", "👩"), E("OlderMan", ":older_man:", "👴"), E("Policeman", ":policeman:", "👮"),
        E("Guardsman", ":guardsman:", "💂"), E("ConstructionWorkerMan", ":construction_worker_man:", "👷"),
        E("Prince", ":prince:", "🤴"), E("Princess", ":princess:", "👸"), E("ManInTuxedo", ":man_in_tuxedo:", "🤵"),
        E("BrideWithVeil", ":bride_with_veil:", "👰"), E("MrsClaus", ":mrs_claus:", "🤶"), E("Santa", ":santa:", "🎅"),
        E("Turkey", ":turkey:", "🦃"), E("Rabbit", ":rabbit:", "🐰"), E("NoGoodWoman", ":no_good_woman:", "🙅"),
        E("OkWoman", ":ok_woman:", "🙆"), E("RaisingHandWoman", ":raising_hand_woman:", "🙋"), E("BowingMan", ":bowing_man:", "🙇"),
        E("ManFacepalming", ":man_facepalming:", "🤦"), E("WomanShrugging", ":woman_shrugging:", "🤷"),
        E("MassageWoman", ":massage_woman:", "💆"), E("WalkingMan", ":walking_man:", "🚶"), E("RunningMan", ":running_man:", "🏃"),
        E("Dancer", ":dancer:", "💃"), E("ManDancing", ":man_dancing:", "🕺"), E("DancingWomen", ":dancing_women:", "👯"),
        E("Rainbow", ":rainbow:", "🌈"), E("Skier", ":skier:", "⛷"), E("GolfingMan", ":golfing_man:", "🏌"),
        E("SurfingMan", ":surfing_man:", "🏄"), E("BasketballMan", ":basketball_man:", "⛹"), E("BikingMan", ":biking_man:", "🚴"),
        E("PointUp2", ":point_up_2:", "👆"), E("VulcanSalute", ":vulcan_salute:", "🖖"), E("Metal", ":metal:", "🤘"),
        E("CallMeHand", ":call_me_hand:", "🤙"), E("Thumbsup", ":thumbsup:", "👍"), E("Wave", ":wave:", "👋"),
        E("Clap", ":clap:", "👏"), E("RaisedHands", ":raised_hands:", "🙌"), E("Pray", ":pray:", "🙏"), E("Dog", ":dog:", "🐶"),
        E("Cat2", ":cat2:", "🐈"), E("Pig", ":pig:", "🐷"), E("HatchingChick", ":hatching_chick:", "🐣"), E("Snail", ":snail:", "🐌"),
        E("Bacon", ":bacon:", "🥓"), E("Pizza", ":pizza:", "🍕"), E("Taco", ":taco:", "🌮"), E("Burrito", ":burrito:", "🌯"),
        E("Ramen", ":ramen:", "🍜"), E("Doughnut", Doughnut, "🍩"), E("Champagne", ":champagne:", "🍾"),
        E("TropicalDrink", ":tropical_drink:", "🍹"), E("Beer", ":beer:", "🍺"), E("TumblerGlass", ":tumbler_glass:", "🥃"),
        E("WorldMap", ":world_map:", "🗺"), E("BeachUmbrella", ":beach_umbrella:", "⛱"), E("MountainSnow", ":mountain_snow:", "🏔"),
        E("Camping", ":camping:", "🏕"), E("SteamLocomotive", ":steam_locomotive:", "🚂"),
        E("FlightDeparture", ":flight_departure:", "🛫"), E("Rocket", ":rocket:", "🚀"), E("Star2", ":star2:", "🌟"),
        E("SunBehindSmallCloud", ":sun_behind_small_cloud:", "🌥"), E("CloudWithRain", ":cloud_with_rain:", "🌧"),
        E("Fire", ":fire:", "🔥"), E("JackOLantern", ":jack_o_lantern:", "🎃"), E("Balloon", ":balloon:", "🎈"),
        E("Tada", ":tada:", "🎉"), E("Trophy", ":trophy:", "🏆"), E("Iphone", ":iphone:", "📱"), E("Pager", ":pager:", "📟"),
        E("Fax", ":fax:", "📠"), E("Bulb", ":bulb:", "💡"), E("MoneyWithWings", ":money_with_wings:", "💸"),
        E("CrystalBall", ":crystal_ball:", "🔮"), E("Underage", ":underage:", "🔞"), E("Interrobang", ":interrobang:", "⁉️"),
        E("100", ":100:", "💯"), E("CheckeredFlag", ":checkered_flag:", "🏁"), E("CrossedSwords", ":crossed_swords:", "⚔️"),
        E("FloppyDisk", ":floppy_disk:", "💾"),
    ];

    private static readonly Dictionary<string, EmojiEntry> ByShortcodeMap = All.ToDictionary(e => e.Shortcode, StringComparer.Ordinal);

    private static readonly Dictionary<string, EmojiEntry> ByMethodMap = All.ToDictionary(e => e.VoteMethod, StringComparer.Ordinal);

    public static EmojiEntry? ByShortcode(string shortcode) => ByShortcodeMap.GetValueOrDefault(shortcode);

    public static EmojiEntry? ByVoteMethod(string method) => ByMethodMap.GetValueOrDefault(method);

    private static EmojiEntry E(string name, string shortcode, string unicode) => new(shortcode, unicode, "Vote" + name);
}
